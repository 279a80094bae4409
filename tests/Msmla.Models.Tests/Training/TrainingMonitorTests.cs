using System;
using System.Linq;
using System.Text.Json;
using Msmla.Models.Training;

namespace Msmla.Models.Tests.Training;

/// <summary>Monitors are named values: built-ins by name or Keras/CSV alias, logged values with Keras 2's auto mode, JSON as strings.</summary>
public sealed class TrainingMonitorTests
{
    [Theory]
    [InlineData("ValidationLoss", "ValidationLoss")]
    [InlineData("validationloss", "ValidationLoss")]
    [InlineData("val_loss", "ValidationLoss")]
    [InlineData("val_accuracy", "ValidationAccuracy")]
    [InlineData("loss", "TrainingLoss")]
    [InlineData("accuracy", "TrainingAccuracy")]
    [InlineData("val_kappa", "ValidationKappa")]
    [InlineData("val_macro_f1", "ValidationMacroF1")]
    public void Built_ins_parse_by_name_and_by_Keras_or_CSV_name(string text, string name)
    {
        TrainingMonitor monitor = TrainingMonitor.Parse(text);
        Assert.True(monitor.IsBuiltIn);
        Assert.Equal(name, monitor.Name);
        Assert.Same(TrainingMonitor.BuiltIns.Single(m => m.Name == name), monitor);
    }

    [Fact]
    public void Built_in_modes_and_csv_names_match_the_history()
    {
        // Losses improve downwards, the rest upwards; every alias is a column of the history CSV.
        foreach (TrainingMonitor m in TrainingMonitor.BuiltIns)
        {
            Assert.Equal(m.Name.EndsWith("Loss", StringComparison.Ordinal) ? MonitorMode.Min : MonitorMode.Max, m.Mode);
            Assert.Contains(m.CsvName, TrainingHistory.CsvColumns);
            Assert.Equal(m.Name.StartsWith("Validation", StringComparison.Ordinal), m.NeedsValidation);
        }
        var record = new EpochRecord { TrainingLoss = 1.5, TrainingAccuracy = 0.25, ValidationKappa = 0.5 };
        Assert.Equal((1.5, 0.25, 0.5), (record.Value(TrainingMonitor.TrainingLoss), record.Value(TrainingMonitor.TrainingAccuracy), record.Value(TrainingMonitor.ValidationKappa)));
        Assert.Null(record.Value(TrainingMonitor.ValidationLoss));
    }

    [Theory]
    // Keras 2's mode='auto' (EarlyStopping, ReduceLROnPlateau): 'acc' in the name means higher is better, else lower.
    [InlineData("my_loss", MonitorMode.Min)]
    [InlineData("val_top3_acc", MonitorMode.Max)]
    [InlineData("balanced_accuracy", MonitorMode.Max)]
    [InlineData("f1", MonitorMode.Min)]
    [InlineData("ACC", MonitorMode.Min)]
    public void Logged_values_take_Keras_auto_mode_unless_told(string name, MonitorMode mode)
    {
        TrainingMonitor monitor = TrainingMonitor.Parse(name);
        Assert.False(monitor.IsBuiltIn);
        Assert.False(monitor.NeedsValidation);
        Assert.Equal(mode, monitor.Mode);
        Assert.Equal(MonitorMode.Max, TrainingMonitor.Logged(name, MonitorMode.Max).Mode);
        var record = new EpochRecord { Logged = LoggedValues.Empty.With(name, 0.75) };
        Assert.Equal(0.75, record.Value(monitor));
        Assert.Null(new EpochRecord().Value(monitor));
    }

    [Fact]
    public void Improvement_follows_the_mode_and_min_delta()
    {
        TrainingMonitor up = TrainingMonitor.Logged("score", MonitorMode.Max), down = TrainingMonitor.Logged("score", MonitorMode.Min);
        Assert.True(up.Improves(0.6, 0.5, 0.05));
        Assert.False(up.Improves(0.55, 0.5, 0.05));
        Assert.True(down.Improves(0.4, 0.5, 0.05));
        Assert.False(down.Improves(0.6, 0.5, 0));
        Assert.False(up.Improves(double.NaN, null, 0));
        Assert.True(up.Improves(-1e9, null, 0));
        Assert.NotEqual(up, down);
        Assert.Equal(up, TrainingMonitor.Logged("score", MonitorMode.Max));
    }

    [Fact]
    public void Json_is_a_string_for_built_ins_and_auto_modes_and_an_object_otherwise()
    {
        Assert.Equal("\"ValidationLoss\"", JsonSerializer.Serialize(TrainingMonitor.ValidationLoss));
        Assert.Equal("\"my_loss\"", JsonSerializer.Serialize(TrainingMonitor.Logged("my_loss")));
        Assert.Equal("{\"Name\":\"score\",\"Mode\":\"Max\"}", JsonSerializer.Serialize(TrainingMonitor.Logged("score", MonitorMode.Max)));
        foreach (TrainingMonitor m in TrainingMonitor.BuiltIns.Append(TrainingMonitor.Logged("score", MonitorMode.Max)).Append(TrainingMonitor.Logged("top_acc")))
            Assert.Equal(m, JsonSerializer.Deserialize<TrainingMonitor>(JsonSerializer.Serialize(m)));
        Assert.Same(TrainingMonitor.ValidationAccuracy, JsonSerializer.Deserialize<TrainingMonitor>("\"val_accuracy\""));
        Assert.Contains("mode Min, not Max", Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TrainingMonitor>("{\"Name\":\"val_loss\",\"Mode\":\"Max\"}")).Message);
        Assert.Contains("no property 'Direction'", Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TrainingMonitor>("{\"Name\":\"x\",\"Direction\":\"Max\"}")).Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("a,b")]
    [InlineData("lr")]
    [InlineData("VAL_LOSS")]
    [InlineData("epoch")]
    public void Names_that_cannot_be_logged_are_refused(string name) =>
        Assert.ThrowsAny<ArgumentException>(() => TrainingMonitor.Logged(name));
}
