using System;
using System.IO;
using System.Linq;
using Msmla.Cli.Progress;

namespace Msmla.Cli.Tests.Progress
{
    public class PlainProgressDisplayTests
    {
        [Fact]
        public void Lines_AreThrottled_AndCompletionIsWrittenOnce()
        {
            var error = new StringWriter();
            var display = new PlainProgressDisplay(error, TimeSpan.FromHours(1));
            display.Run(session =>
            {
                IProgressItem item = session.Add("reading", 10);
                for (int i = 1; i <= 10; i++) item.Update(i);
                item.Complete();
                item.Complete();
                return 0;
            });
            Assert.Equal(new[] { "progress: reading done" }, Lines(error));
        }

        [Fact]
        public void WithoutThrottling_EveryUpdateShowsItsShare()
        {
            var error = new StringWriter();
            var display = new PlainProgressDisplay(error, TimeSpan.Zero);
            display.Run(session =>
            {
                IProgressItem item = session.Add("reading", 4);
                item.Update(1);
                item.Update(2, description: "reading more");
                return 0;
            });
            Assert.Equal(new[] { "progress: reading 25% (1/4)", "progress: reading more 50% (2/4)" }, Lines(error));
        }

        private static string[] Lines(StringWriter writer) =>
            writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
    }
}
