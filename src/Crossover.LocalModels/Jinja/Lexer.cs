using System.Globalization;
using System.Text;

namespace Crossover.LocalModels.Jinja;

internal enum TokenKind
{
    Name,
    String,
    Integer,
    Float,
    Operator,
    End,
}

internal readonly record struct Token(TokenKind Kind, string Text, int Line, object? Value = null);

internal enum SegmentKind
{
    Text,
    Output,
    Statement,
    Comment,
}

/// <summary>A piece of template source: literal text, or one tag with its tokens and whitespace-control marks.</summary>
internal sealed class Segment(SegmentKind kind, int line)
{
    public SegmentKind Kind { get; } = kind;

    public int Line { get; } = line;

    public string Text { get; set; } = string.Empty;

    /// <summary>Whether literal text begins at the start of a line (for lstrip_blocks).</summary>
    public bool StartsLine { get; init; }

    public List<Token> Tokens { get; } = [];

    public char LeftMark { get; init; }

    public char RightMark { get; set; }
}

/// <summary>
/// Splits a Jinja template into text and tags and applies whitespace control the way Hugging Face's chat-template
/// environment does (<c>trim_blocks</c> and <c>lstrip_blocks</c> on, plus <c>-</c> / <c>+</c> marks), so rendered
/// prompts match transformers' <c>apply_chat_template</c> byte for byte.
/// </summary>
internal static class Lexer
{
    private static readonly string[] Operators = ["==", "!=", "<=", ">=", "//", "**", "+", "-", "*", "/", "%", "~", "<", ">", "(", ")", "[", "]", "{", "}", ".", ",", ":", "|", "="];

    public static List<Segment> Split(string source)
    {
        source = source.Replace("\r\n", "\n", StringComparison.Ordinal);

        // Jinja drops one trailing newline unless keep_trailing_newline is set, and transformers does not set it.
        if (source.EndsWith('\n'))
        {
            source = source[..^1];
        }
        var segments = new List<Segment>();
        var pos = 0;
        var line = 1;
        while (pos < source.Length)
        {
            var open = FindTagStart(source, pos);
            var textEnd = open < 0 ? source.Length : open;
            if (textEnd > pos)
            {
                segments.Add(new Segment(SegmentKind.Text, line) { Text = source[pos..textEnd], StartsLine = pos == 0 || source[pos - 1] == '\n' });
                line += Count(source, pos, textEnd);
                pos = textEnd;
            }

            if (open < 0)
            {
                break;
            }

            var kind = source[open + 1] switch
            {
                '{' => SegmentKind.Output,
                '%' => SegmentKind.Statement,
                _ => SegmentKind.Comment,
            };
            pos = open + 2;
            var left = pos < source.Length && source[pos] is '-' or '+' ? source[pos] : '\0';
            if (left != '\0')
            {
                pos++;
            }

            var segment = new Segment(kind, line) { LeftMark = left };
            pos = kind == SegmentKind.Comment ? ReadComment(source, pos, segment, ref line) : ReadTag(source, pos, segment, ref line);
            segments.Add(segment);
        }

        ApplyWhitespaceControl(segments);
        return segments;
    }

    private static int FindTagStart(string source, int from)
    {
        for (var i = source.IndexOf('{', from); i >= 0 && i + 1 < source.Length; i = source.IndexOf('{', i + 1))
        {
            if (source[i + 1] is '{' or '%' or '#')
            {
                return i;
            }
        }

        return -1;
    }

    private static int ReadComment(string source, int pos, Segment segment, ref int line)
    {
        var end = source.IndexOf("#}", pos, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new TemplateError("a comment '{#' is never closed with '#}'", line);
        }

        segment.RightMark = end > pos && source[end - 1] == '-' ? '-' : '\0';
        line += Count(source, pos, end);
        return end + 2;
    }

    private static int ReadTag(string source, int pos, Segment segment, ref int line)
    {
        var close = segment.Kind == SegmentKind.Output ? "}}" : "%}";
        var depth = 0;
        while (true)
        {
            while (pos < source.Length && char.IsWhiteSpace(source[pos]))
            {
                line += source[pos] == '\n' ? 1 : 0;
                pos++;
            }

            if (pos >= source.Length)
            {
                throw new TemplateError($"a tag is never closed with '{close}'", segment.Line);
            }

            if (string.CompareOrdinal(source, pos, close, 0, 2) == 0 && (depth == 0 || source.IndexOf(close, pos + 2, StringComparison.Ordinal) < 0))
            {
                return pos + 2;
            }

            if (depth == 0 && source[pos] == '-' && string.CompareOrdinal(source, pos + 1, close, 0, 2) == 0)
            {
                segment.RightMark = '-';
                return pos + 3;
            }

            var c = source[pos];
            if (c is '\'' or '"')
            {
                pos = ReadString(source, pos, segment, line);
            }
            else if (char.IsDigit(c))
            {
                var start = pos;
                while (pos < source.Length && (char.IsDigit(source[pos]) || source[pos] == '_'))
                {
                    pos++;
                }

                var isFloat = pos + 1 < source.Length && source[pos] == '.' && char.IsDigit(source[pos + 1]);
                if (isFloat)
                {
                    pos++;
                    while (pos < source.Length && char.IsDigit(source[pos]))
                    {
                        pos++;
                    }
                }

                if (pos + 1 < source.Length && source[pos] is 'e' or 'E' && (char.IsDigit(source[pos + 1]) || (source[pos + 1] is '-' or '+' && pos + 2 < source.Length && char.IsDigit(source[pos + 2]))))
                {
                    isFloat = true;
                    pos += 2;
                    while (pos < source.Length && char.IsDigit(source[pos]))
                    {
                        pos++;
                    }
                }

                var text = source[start..pos].Replace("_", string.Empty, StringComparison.Ordinal);
                segment.Tokens.Add(isFloat
                    ? new Token(TokenKind.Float, text, line, double.Parse(text, CultureInfo.InvariantCulture))
                    : new Token(TokenKind.Integer, text, line, long.Parse(text, CultureInfo.InvariantCulture)));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = pos;
                while (pos < source.Length && (char.IsLetterOrDigit(source[pos]) || source[pos] == '_'))
                {
                    pos++;
                }

                segment.Tokens.Add(new Token(TokenKind.Name, source[start..pos], line));
            }
            else
            {
                var op = Array.Find(Operators, o => string.CompareOrdinal(source, pos, o, 0, o.Length) == 0)
                    ?? throw new TemplateError($"unexpected character '{c}' in a tag", line);
                depth += op is "(" or "[" or "{" ? 1 : op is ")" or "]" or "}" ? -1 : 0;
                segment.Tokens.Add(new Token(TokenKind.Operator, op, line));
                pos += op.Length;
            }
        }
    }

    /// <summary>Reads a Python-style string literal with its escapes.</summary>
    private static int ReadString(string source, int pos, Segment segment, int line)
    {
        var quote = source[pos++];
        var text = new StringBuilder();
        while (true)
        {
            if (pos >= source.Length)
            {
                throw new TemplateError("a string literal is never closed", line);
            }

            var c = source[pos++];
            if (c == quote)
            {
                break;
            }

            if (c != '\\' || pos >= source.Length)
            {
                text.Append(c);
                continue;
            }

            var e = source[pos++];
            switch (e)
            {
                case 'n': text.Append('\n'); break;
                case 't': text.Append('\t'); break;
                case 'r': text.Append('\r'); break;
                case '0': text.Append('\0'); break;
                case '\\' or '\'' or '"': text.Append(e); break;
                case 'x' or 'u':
                    // Python refuses a \x or \u escape without its 2 or 4 hex digits, and so does Jinja.
                    var digits = e == 'x' ? 2 : 4;
                    if (pos + digits > source.Length || !int.TryParse(source.AsSpan(pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw new TemplateError($"truncated \\{e} escape in a string", line);
                    }

                    text.Append((char)code);
                    pos += digits;
                    break;
                case '\n':
                    break;
                default:
                    text.Append('\\').Append(e);
                    break;
            }
        }

        segment.Tokens.Add(new Token(TokenKind.String, text.ToString(), line, text.ToString()));
        return pos;
    }

    /// <summary>
    /// Two passes, because Jinja decides both on the source as written: first what a tag strips before it
    /// (<c>{%-</c>, or lstrip_blocks on a line holding only indentation), then what it strips after it (<c>-%}</c>, or
    /// trim_blocks' one newline).
    /// </summary>
    private static void ApplyWhitespaceControl(List<Segment> segments)
    {
        for (var i = 1; i < segments.Count; i++)
        {
            if (segments[i] is not { Kind: not SegmentKind.Text } tag || segments[i - 1] is not { Kind: SegmentKind.Text } before)
            {
                continue;
            }

            if (tag.LeftMark == '-')
            {
                before.Text = before.Text.TrimEnd();
            }
            else if (tag.Kind is SegmentKind.Statement or SegmentKind.Comment && tag.LeftMark != '+')
            {
                var lineStart = before.Text.LastIndexOf('\n') + 1;
                if ((lineStart > 0 || before.StartsLine) && before.Text.AsSpan(lineStart).TrimStart(" \t").IsEmpty)
                {
                    before.Text = before.Text[..lineStart];
                }
            }
        }

        for (var i = 0; i + 1 < segments.Count; i++)
        {
            if (segments[i] is not { Kind: not SegmentKind.Text } tag || segments[i + 1] is not { Kind: SegmentKind.Text } after)
            {
                continue;
            }

            if (tag.RightMark == '-')
            {
                after.Text = after.Text.TrimStart();
            }
            else if (tag.Kind is SegmentKind.Statement or SegmentKind.Comment && after.Text.StartsWith('\n'))
            {
                after.Text = after.Text[1..];
            }
        }
    }

    private static int Count(string source, int from, int to)
    {
        var n = 0;
        for (var i = from; i < to; i++)
        {
            n += source[i] == '\n' ? 1 : 0;
        }

        return n;
    }
}
