using System.Globalization;
using System.Text;

namespace Crossover.LocalModels;

/// <content>Unicode normalization forms for the normalizers.</content>
public sealed partial class HfTokenizer
{
    /// <summary>
    /// NFC, NFD, NFKC and NFKD (Unicode Standard Annex #15) from the embedded Unicode data, because
    /// <see cref="string.Normalize(NormalizationForm)"/> returns its input unchanged under InvariantGlobalization, which
    /// the shipped build sets. The data comes from eng/unicode-normalization-data.py.
    /// </summary>
    internal static class UnicodeNormalization
    {
        private const int HangulBase = 0xAC00, LeadBase = 0x1100, VowelBase = 0x1161, TrailBase = 0x11A7;
        private const int LeadCount = 19, VowelCount = 21, TrailCount = 28, HangulCount = LeadCount * VowelCount * TrailCount;

        private static readonly Lazy<Tables> Data = new(Load);

        /// <summary>Normalizes <paramref name="text"/> to the form: decomposed canonically or by compatibility, then recomposed when <paramref name="compose"/>.</summary>
        public static string Normalize(string text, bool compose, bool compatibility)
        {
            // Below these code points no character decomposes, reorders or composes with what precedes it.
            var unaffected = compatibility ? 0xA0 : compose ? 0x300 : 0xC0;
            if (text.All(c => c < unaffected))
            {
                return text;
            }

            var tables = Data.Value;
            var points = new List<int>(text.Length);
            foreach (var rune in text.EnumerateRunes())
            {
                Decompose(rune.Value, compatibility, tables, points);
            }

            Reorder(points, tables);
            if (compose)
            {
                Compose(points, tables);
            }

            var builder = new StringBuilder(points.Count);
            foreach (var point in points)
            {
                builder.Append(char.ConvertFromUtf32(point));
            }

            return builder.ToString();
        }

        private static void Decompose(int point, bool compatibility, Tables tables, List<int> output)
        {
            if (point is >= HangulBase and < HangulBase + HangulCount)
            {
                var index = point - HangulBase;
                output.Add(LeadBase + (index / (VowelCount * TrailCount)));
                output.Add(VowelBase + (index % (VowelCount * TrailCount) / TrailCount));
                if (index % TrailCount != 0)
                {
                    output.Add(TrailBase + (index % TrailCount));
                }

                return;
            }

            if (compatibility && tables.Compatibility.TryGetValue(point, out var compat))
            {
                output.AddRange(compat);
            }
            else if (tables.Canonical.TryGetValue(point, out var canonical))
            {
                output.AddRange(canonical);
            }
            else
            {
                output.Add(point);
            }
        }

        /// <summary>The canonical ordering algorithm: a stable sort of each run of non-starters by combining class.</summary>
        private static void Reorder(List<int> points, Tables tables)
        {
            for (var i = 1; i < points.Count; i++)
            {
                var ccc = tables.Class(points[i]);
                if (ccc == 0)
                {
                    continue;
                }

                for (var j = i; j > 0 && tables.Class(points[j - 1]) > ccc; j--)
                {
                    (points[j - 1], points[j]) = (points[j], points[j - 1]);
                }
            }
        }

        /// <summary>The canonical composition algorithm: each character joins the last starter unless blocked from it.</summary>
        private static void Compose(List<int> points, Tables tables)
        {
            var output = new List<int>(points.Count);
            var starter = -1;
            var lastClass = -1;
            foreach (var point in points)
            {
                var ccc = tables.Class(point);
                var blocked = lastClass != -1 && (lastClass == 0 || lastClass >= ccc);
                if (starter >= 0 && !blocked && Composite(output[starter], point, tables) is { } composite)
                {
                    output[starter] = composite;
                    continue;
                }

                if (ccc == 0)
                {
                    starter = output.Count;
                    lastClass = -1;
                }
                else
                {
                    lastClass = ccc;
                }

                output.Add(point);
            }

            points.Clear();
            points.AddRange(output);
        }

        private static int? Composite(int first, int second, Tables tables)
        {
            if (first is >= LeadBase and < LeadBase + LeadCount && second is >= VowelBase and < VowelBase + VowelCount)
            {
                return HangulBase + ((((first - LeadBase) * VowelCount) + (second - VowelBase)) * TrailCount);
            }

            if (first is >= HangulBase and < HangulBase + HangulCount && (first - HangulBase) % TrailCount == 0
                && second is > TrailBase and < TrailBase + TrailCount)
            {
                return first + (second - TrailBase);
            }

            return tables.Composites.TryGetValue(((long)first << 21) | (uint)second, out var composite) ? composite : null;
        }

        private static Tables Load()
        {
            using var stream = typeof(HfTokenizer).Assembly.GetManifestResourceStream("Crossover.LocalModels.unicode-normalization.txt")
                ?? throw new InvalidOperationException("the Unicode normalization data is missing from the assembly");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var tables = new Tables();
            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                var fields = line.Split(' ');
                var point = int.Parse(fields[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var values = fields.Skip(2).Select(f => int.Parse(f, line[0] == 'c' ? NumberStyles.Integer : NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
                switch (line[0])
                {
                    case 'c':
                        tables.Classes[point] = (byte)values[0];
                        break;
                    case 'd':
                        tables.Canonical[point] = values;
                        break;
                    case 'k':
                        tables.Compatibility[point] = values;
                        break;
                    case 'p':
                        tables.Composites[((long)values[0] << 21) | (uint)values[1]] = point;
                        break;
                    default:
                        throw new InvalidOperationException($"unknown line in the Unicode normalization data: {line}");
                }
            }

            return tables;
        }

        private sealed class Tables
        {
            public Dictionary<int, byte> Classes { get; } = [];

            public Dictionary<int, int[]> Canonical { get; } = [];

            public Dictionary<int, int[]> Compatibility { get; } = [];

            public Dictionary<long, int> Composites { get; } = [];

            public int Class(int point) => Classes.TryGetValue(point, out var ccc) ? ccc : 0;
        }
    }
}
