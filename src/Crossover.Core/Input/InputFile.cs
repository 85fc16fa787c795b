using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Crossover.Core.Input;

/// <summary>
/// How every reader opens a file a user gave: bounded in size, strict UTF-8 (a byte that is not UTF-8 is an error naming
/// its offset, never a silent U+FFFD), a leading byte-order mark dropped, and every file-system failure (missing file,
/// a folder, a symlink loop, no permission) turned into one <see cref="InputException"/> naming the file.
/// </summary>
public static class InputFile
{
    /// <summary>The largest YAML/JSON document read whole (profile, experiment, catalog, schema, rubric): 8 MiB.</summary>
    public const int MaxDocumentBytes = 8 * 1024 * 1024;

    /// <summary>The longest line of a JSON Lines or CSV file: 16 MiB (a dataset line or a training example).</summary>
    public const int MaxLineBytes = 16 * 1024 * 1024;

    /// <summary>Reads a whole text file strictly.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The size limit.</param>
    /// <returns>The text, without a byte-order mark.</returns>
    /// <exception cref="InputException">The file cannot be read, is too large, or is not UTF-8.</exception>
    public static string ReadText(string path, int maxBytes = MaxDocumentBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = OpenRead(path);
        var buffer = new byte[Math.Min(maxBytes + 1L, 1 << 16)];
        using var content = new MemoryStream();
        try
        {
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                content.Write(buffer, 0, read);
                if (content.Length > maxBytes)
                {
                    throw TooLarge(path, maxBytes, "the file");
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CannotRead(path, ex);
        }

        return Decode(content.GetBuffer().AsSpan(0, (int)content.Length), path, 0, 1);
    }

    /// <summary>Streams the lines of a text file strictly, each with its 1-based number; a line longer than the limit is an error.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxLineBytes">The longest line allowed.</param>
    /// <returns>The lines without their terminators (a trailing CR is dropped), lazily.</returns>
    /// <exception cref="InputException">While enumerating: the file cannot be read, a line is too long, or a line is not UTF-8.</exception>
    public static IEnumerable<(int Line, string Text)> ReadLines(string path, int maxLineBytes = MaxLineBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Lines(path, maxLineBytes);
    }

    /// <summary>Opens a file for reading, turning every file-system failure into one line naming the file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="InputException">The path is missing, a folder, or unreadable.</exception>
    public static FileStream OpenRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new InputException("is a directory, not a file", path, hint: "pass the file inside it");
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw CannotRead(path, ex);
        }
    }

    private static IEnumerable<(int Line, string Text)> Lines(string path, int maxLineBytes)
    {
        using var stream = OpenRead(path);
        var pending = new ArrayBufferWriter<byte>();
        var buffer = new byte[1 << 16];
        long offset = 0;
        var line = 1;
        while (true)
        {
            int read;
            try
            {
                read = stream.Read(buffer);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw CannotRead(path, ex);
            }

            if (read == 0)
            {
                break;
            }

            var start = 0;
            while (start < read)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', start, read - start);
                var length = (newline < 0 ? read : newline) - start;
                if (pending.WrittenCount + length > maxLineBytes)
                {
                    throw TooLarge(path, maxLineBytes, $"line {line.ToString(CultureInfo.InvariantCulture)}");
                }

                pending.Write(buffer.AsSpan(start, length));
                if (newline < 0)
                {
                    break;
                }

                var text = DecodeLine(pending, path, offset, line);
                yield return (line, text);
                offset += pending.WrittenCount + 1;
                pending.Clear();
                line++;
                start = newline + 1;
            }
        }

        if (pending.WrittenCount > 0)
        {
            yield return (line, DecodeLine(pending, path, offset, line));
        }
    }

    private static string DecodeLine(ArrayBufferWriter<byte> pending, string path, long offset, int line)
    {
        var bytes = pending.WrittenSpan;
        return Decode(bytes.Length > 0 && bytes[^1] == '\r' ? bytes[..^1] : bytes, path, offset, line);
    }

    /// <summary>Decodes strictly; <paramref name="offset"/> is where <paramref name="bytes"/> starts in the file, for the message.</summary>
    private static string Decode(ReadOnlySpan<byte> bytes, string path, long offset, int line)
    {
        if (offset == 0 && bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
            offset = 3;
        }

        if (!Utf8.IsValid(bytes))
        {
            var chars = new char[bytes.Length];
            Utf8.ToUtf16(bytes, chars, out var good, out _, replaceInvalidSequences: false);
            var at = offset + good;
            var lineOfError = line + bytes[..good].Count((byte)'\n');
            throw new InputException($"is not UTF-8: byte 0x{bytes[good]:X2} at offset {at.ToString(CultureInfo.InvariantCulture)} is invalid", path, lineOfError,
                hint: "save the file as UTF-8");
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static InputException TooLarge(string path, int maxBytes, string what) =>
        new($"{what} is larger than {(maxBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)} MiB", path, hint: "this is not the kind of file expected here; check the path");

    private static InputException CannotRead(string path, Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => new InputException("does not exist", path, hint: "check the path"),
        UnauthorizedAccessException => new InputException("cannot be read: permission denied", path, hint: "check the file's permissions"),
        _ => new InputException($"cannot be read: {ex.Message}", path, hint: "check the path (a symbolic-link loop or a device is not a file)"),
    };
}
