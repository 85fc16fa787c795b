using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Crossover.Core.Input;

namespace Crossover.LocalModels;

/// <content>Pre-tokenizers: ByteLevel, Split, Metaspace, Digits and Sequence.</content>
public sealed partial class HfTokenizer
{
    private static readonly Regex Gpt2Split = new(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant | RegexOptions.Compiled);
    private static readonly Regex SingleDigit = new(@"\p{N}", RegexOptions.CultureInvariant | RegexOptions.Compiled);
    private static readonly Regex DigitRun = new(@"\p{N}+", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>What a Split pre-tokenizer does with the pieces its pattern matches (tokenizers' <c>SplitDelimiterBehavior</c>).</summary>
    private enum SplitBehavior
    {
        Removed,
        Isolated,
        MergedWithPrevious,
        MergedWithNext,
        Contiguous,
    }

    private static Func<string, bool, IEnumerable<string>>? PreTokenizer(JsonNode? node, string file)
    {
        if (node is not JsonObject n)
        {
            return null;
        }

        var type = n["type"]?.GetValue<string>();
        switch (type)
        {
            case "Sequence":
                var parts = (n["pretokenizers"] as JsonArray ?? []).Select(x => PreTokenizer(x, file)).OfType<Func<string, bool, IEnumerable<string>>>().ToList();
                return (s, first) => parts.Aggregate((IEnumerable<string>)[s], (pieces, f) => pieces.SelectMany(p => f(p, first)).ToList());
            case "ByteLevel":
                var addPrefix = n["add_prefix_space"]?.GetValue<bool>() ?? false;
                var useRegex = n["use_regex"]?.GetValue<bool>() ?? true;
                return (s, _) =>
                {
                    var text = addPrefix && !s.StartsWith(' ') ? " " + s : s;
                    var pieces = useRegex ? SplitByMatches(text, Gpt2Split, SplitBehavior.Isolated) : [text];
                    return pieces.Select(ByteLevel.Encode);
                };
            case "Split":
                var regex = Pattern(n["pattern"], file);
                var name = n["behavior"]?.GetValue<string>();
                if (!Enum.TryParse<SplitBehavior>(name, out var behavior) || !Enum.IsDefined(behavior) || name != behavior.ToString())
                {
                    throw new InputException($"unsupported Split behavior '{name}'", file: file, field: "pre_tokenizer.behavior",
                        hint: "supported: Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous");
                }

                var invert = n["invert"]?.GetValue<bool>() ?? false;
                return (s, _) => SplitByMatches(s, regex, behavior, invert);
            case "Metaspace":
                var replacement = n["replacement"]?.GetValue<string>() ?? "▁";
                var scheme = n["prepend_scheme"]?.GetValue<string>() ?? ((n["add_prefix_space"]?.GetValue<bool>() ?? true) ? "always" : "never");
                var split = n["split"]?.GetValue<bool>() ?? true;
                return (s, first) =>
                {
                    var text = s.Replace(" ", replacement, StringComparison.Ordinal);
                    if ((scheme == "always" || (scheme == "first" && first)) && !text.StartsWith(replacement, StringComparison.Ordinal))
                    {
                        text = replacement + text;
                    }

                    return split ? SplitBefore(text, replacement) : [text];
                };
            case "Digits":
                var individual = n["individual_digits"]?.GetValue<bool>() ?? false;
                return (s, _) => SplitByMatches(s, individual ? SingleDigit : DigitRun, SplitBehavior.Isolated);
            default:
                throw new InputException($"unsupported pre-tokenizer '{type}'", file: file, field: "pre_tokenizer",
                    hint: "supported: Sequence, ByteLevel, Split, Metaspace, Digits");
        }
    }

    private static Regex Pattern(JsonNode? node, string file)
    {
        try
        {
            return node switch
            {
                JsonObject o when o["String"] is JsonValue s => new Regex(Regex.Escape(s.GetValue<string>()), RegexOptions.CultureInvariant),
                JsonObject o when o["Regex"] is JsonValue r => new Regex(r.GetValue<string>(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(10)),
                _ => throw new InputException("pattern is neither {String} nor {Regex}", file: file),
            };
        }
        catch (ArgumentException ex)
        {
            throw new InputException($"the pattern is not a regular expression this engine reads: {ex.Message}", file: file, field: "pattern");
        }
    }

    /// <summary>
    /// Cuts <paramref name="s"/> at the matches of <paramref name="regex"/> and joins the pieces as tokenizers'
    /// <c>SplitDelimiterBehavior</c> says: a match merges into its neighbour only when that neighbour is not a match itself.
    /// Inverted, the text between matches plays the matches' part (GPT-4o's pattern keeps its matches with Removed, inverted).
    /// </summary>
    private static List<string> SplitByMatches(string s, Regex regex, SplitBehavior behavior, bool invert = false)
    {
        var spans = new List<(int Start, int End, bool Match)>();
        var at = 0;
        foreach (var (index, length) in CodePointMatches(regex, s))
        {
            if (length == 0)
            {
                continue;
            }

            if (index > at)
            {
                spans.Add((at, index, false));
            }

            spans.Add((index, index + length, true));
            at = index + length;
        }

        if (at < s.Length)
        {
            spans.Add((at, s.Length, false));
        }

        if (invert)
        {
            spans = [.. spans.Select(p => (p.Start, p.End, !p.Match))];
        }

        var pieces = new List<(int Start, int End)>();
        var previousMatch = false;
        switch (behavior)
        {
            case SplitBehavior.Removed:
                pieces.AddRange(spans.Where(p => !p.Match).Select(p => (p.Start, p.End)));
                break;
            case SplitBehavior.Isolated:
                pieces.AddRange(spans.Select(p => (p.Start, p.End)));
                break;
            case SplitBehavior.MergedWithPrevious:
                foreach (var (start, end, match) in spans)
                {
                    if (match && !previousMatch && pieces.Count > 0)
                    {
                        pieces[^1] = (pieces[^1].Start, end);
                    }
                    else
                    {
                        pieces.Add((start, end));
                    }

                    previousMatch = match;
                }

                break;
            case SplitBehavior.MergedWithNext:
                for (var i = spans.Count - 1; i >= 0; i--)
                {
                    var (start, end, match) = spans[i];
                    if (match && !previousMatch && pieces.Count > 0)
                    {
                        pieces[^1] = (start, pieces[^1].End);
                    }
                    else
                    {
                        pieces.Add((start, end));
                    }

                    previousMatch = match;
                }

                pieces.Reverse();
                break;
            default:
                for (var i = 0; i < spans.Count; i++)
                {
                    if (i > 0 && spans[i].Match == spans[i - 1].Match)
                    {
                        pieces[^1] = (pieces[^1].Start, spans[i].End);
                    }
                    else
                    {
                        pieces.Add((spans[i].Start, spans[i].End));
                    }
                }

                break;
        }

        return [.. pieces.Select(p => s[p.Start..p.End])];
    }

    /// <summary>
    /// The matches of <paramref name="regex"/> as if it ran on code points, as tokenizers' regex engines do: .NET's runs
    /// on UTF-16 units, where a letter or digit outside the Basic Multilingual Plane is two surrogates that match neither
    /// <c>\p{L}</c> nor <c>\p{N}</c>. Such text is matched on a stand-in with one BMP character of the same Unicode
    /// category per code point, and the positions are mapped back.
    /// </summary>
    private static IEnumerable<(int Index, int Length)> CodePointMatches(Regex regex, string s)
    {
        if (!s.Any(char.IsSurrogate))
        {
            foreach (Match m in regex.Matches(s))
            {
                yield return (m.Index, m.Length);
            }

            yield break;
        }

        var standIn = new StringBuilder(s.Length);
        var offsets = new List<int>(s.Length + 1);
        for (var i = 0; i < s.Length; i++)
        {
            offsets.Add(i);
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                standIn.Append(StandIn(CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(s[i], s[i + 1]))));
                i++;
            }
            else
            {
                standIn.Append(s[i]);
            }
        }

        offsets.Add(s.Length);
        foreach (Match m in regex.Matches(standIn.ToString()))
        {
            yield return (offsets[m.Index], offsets[m.Index + m.Length] - offsets[m.Index]);
        }
    }

    /// <summary>A BMP character of the category, none of them ASCII, so that patterns' literal characters cannot match it.</summary>
    private static char StandIn(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter => '\u0100',
        UnicodeCategory.LowercaseLetter => '\u0101',
        UnicodeCategory.TitlecaseLetter => '\u01C5',
        UnicodeCategory.ModifierLetter => '\u02B0',
        UnicodeCategory.OtherLetter => '\u05D0',
        UnicodeCategory.NonSpacingMark => '\u0300',
        UnicodeCategory.SpacingCombiningMark => '\u0903',
        UnicodeCategory.EnclosingMark => '\u20DD',
        UnicodeCategory.DecimalDigitNumber => '\u0660',
        UnicodeCategory.LetterNumber => '\u2160',
        UnicodeCategory.OtherNumber => '\u00B2',
        UnicodeCategory.ConnectorPunctuation => '\u203F',
        UnicodeCategory.DashPunctuation => '\u2010',
        UnicodeCategory.OpenPunctuation => '\u2045',
        UnicodeCategory.ClosePunctuation => '\u2046',
        UnicodeCategory.InitialQuotePunctuation => '\u2039',
        UnicodeCategory.FinalQuotePunctuation => '\u203A',
        UnicodeCategory.OtherPunctuation => '\u2027',
        UnicodeCategory.MathSymbol => '\u2044',
        UnicodeCategory.CurrencySymbol => '\u20A0',
        UnicodeCategory.ModifierSymbol => '\u02C2',
        UnicodeCategory.OtherSymbol => '\u2100',
        UnicodeCategory.Format => '\u200B',
        UnicodeCategory.PrivateUse => '\uE000',
        _ => '\u0378',
    };

    private static IEnumerable<string> SplitBefore(string s, string marker)
    {
        var start = 0;
        for (var i = s.IndexOf(marker, 1, StringComparison.Ordinal); i > 0; i = s.IndexOf(marker, i + 1, StringComparison.Ordinal))
        {
            yield return s[start..i];
            start = i;
        }

        if (start < s.Length)
        {
            yield return s[start..];
        }
    }

    /// <summary>GPT-2's reversible byte ↔ printable-character map used by byte-level BPE.</summary>
    private static class ByteLevel
    {
        private static readonly char[] ByteToChar = BuildMap();
        private static readonly Dictionary<char, byte> CharToByte = ByteToChar.Select((c, b) => (c, (byte)b)).ToDictionary(p => p.c, p => p.Item2);

        public static string Encode(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var chars = new char[bytes.Length];
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[i] = ByteToChar[bytes[i]];
            }

            return new string(chars);
        }

        public static string Decode(string text)
        {
            var bytes = new List<byte>(text.Length);
            foreach (var c in text)
            {
                if (CharToByte.TryGetValue(c, out var b))
                {
                    bytes.Add(b);
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                }
            }

            return Encoding.UTF8.GetString(bytes.ToArray());
        }

        private static char[] BuildMap()
        {
            var map = new char[256];
            var next = 256;
            for (var b = 0; b < 256; b++)
            {
                var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
                map[b] = printable ? (char)b : (char)next++;
            }

            return map;
        }
    }
}
