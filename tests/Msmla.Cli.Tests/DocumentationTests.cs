using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests
{
    /// <summary>
    /// Keeps docs/*.md honest: every code span that reads as a .NET name (<c>`LczTrainer`</c>,
    /// <c>`TrainerOptions.Device`</c>, <c>`LczModels.Create(...)`</c>, <c>`Msmla.Core.Preprocessing`</c>) must name a
    /// namespace, type or member that exists in the Msmla assemblies or the assemblies they reference.
    /// </summary>
    public class DocumentationTests
    {
        // Segments start with a capital; the first holds a lower-case letter (band names such as B8A are not names).
        private static readonly Regex s_name = new(@"^(?<name>[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)*)(?:\(.*\))?$", RegexOptions.Compiled);
        private static readonly Regex s_codeSpan = new(@"`([^`\n]+)`", RegexOptions.Compiled);
        private static readonly Regex s_fence = new(@"^```.*?^```", RegexOptions.Singleline | RegexOptions.Multiline | RegexOptions.Compiled);
        private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.FlattenHierarchy;

        [Fact]
        public void Every_name_in_backticks_in_docs_exists_in_the_assemblies()
        {
            Type[] types = Assemblies().SelectMany(LoadableTypes).ToArray();
            ILookup<string, Type> bySimpleName = types.ToLookup(t => t.Name.Split('`')[0]);
            var byFullName = types.Where(t => t.FullName != null).GroupBy(t => t.FullName!.Replace('+', '.')).ToDictionary(g => g.Key, g => g.First());
            var namespaces = new HashSet<string>(types.Select(t => t.Namespace).Where(n => n != null)
                .SelectMany(n => Enumerable.Range(1, n!.Split('.').Length).Select(k => string.Join(".", n.Split('.').Take(k))))!);

            string[] documents = Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "docs"), "*.md");
            Assert.True(documents.Length >= 3, "docs/ holds architecture.md, models.md and platforms.md");
            var missing = new List<string>();
            int checkedNames = 0;
            foreach (string document in documents)
            {
                string text = s_fence.Replace(File.ReadAllText(document), "");
                foreach (Match span in s_codeSpan.Matches(text))
                {
                    Match name = s_name.Match(span.Groups[1].Value);
                    if (!name.Success) continue;
                    checkedNames++;
                    if (!Resolves(name.Groups["name"].Value.Split('.'), bySimpleName, byFullName, namespaces))
                        missing.Add($"{Path.GetFileName(document)}: `{span.Groups[1].Value}`");
                }
            }
            Assert.True(checkedNames > 50, $"only {checkedNames} names found in docs/*.md");
            Assert.True(missing.Count == 0, "Names in docs/*.md that the assemblies do not have:\n" + string.Join("\n", missing.Distinct()));
        }

        private static bool Resolves(string[] segments, ILookup<string, Type> bySimpleName, Dictionary<string, Type> byFullName, HashSet<string> namespaces)
        {
            // The longest prefix that is a full type name, then a simple type name, then a namespace.
            for (int k = segments.Length; k >= 1; k--)
            {
                if (byFullName.TryGetValue(string.Join(".", segments.Take(k)), out Type? type) && Members(type, segments.Skip(k))) return true;
            }
            if (bySimpleName[segments[0]].Any(t => Members(t, segments.Skip(1)))) return true;
            return namespaces.Contains(string.Join(".", segments));
        }

        private static bool Members(Type type, IEnumerable<string> names)
        {
            string[] rest = names.ToArray();
            if (rest.Length == 0) return true;
            var candidates = new List<Type>();
            IEnumerable<Type> searched = type.IsInterface ? type.GetInterfaces().Prepend(type) : new[] { type };
            foreach (MemberInfo member in searched.SelectMany(t => t.GetMember(rest[0], All)))
            {
                candidates.Add(member switch
                {
                    Type nested => nested,
                    PropertyInfo property => property.PropertyType,
                    FieldInfo field => field.FieldType,
                    MethodInfo method => method.ReturnType,
                    _ => typeof(void),
                });
            }
            return candidates.Any(t => Members(t, rest.Skip(1)));
        }

        private static IEnumerable<Assembly> Assemblies()
        {
            Assembly[] msmla =
            {
                typeof(Msmla.Core.Metrics.ConfusionMatrix).Assembly, typeof(Msmla.Models.LczModel).Assembly,
                typeof(Msmla.Data.PatchFile).Assembly, typeof(Msmla.Plotting.ConfusionMatrixPlot).Assembly, typeof(Msmla.Cli.CliApplication).Assembly,
            };
            var result = new HashSet<Assembly>(msmla) { typeof(object).Assembly };
            foreach (AssemblyName reference in msmla.SelectMany(a => a.GetReferencedAssemblies()))
            {
                try { result.Add(Assembly.Load(reference)); }
                catch (FileNotFoundException) { }
            }
            return result;
        }

        private static IEnumerable<Type> LoadableTypes(Assembly assembly)
        {
            try { return assembly.GetTypes(); }
            catch (ReflectionTypeLoadException e) { return e.Types.Where(t => t != null)!; }
        }
    }
}
