using System.Text;

namespace Crossover.Core.Input;

/// <summary>
/// How every output file is written: to a temporary file in the same folder, flushed to disk, then renamed over the
/// target. A full disk, a kill or a failing writer leaves the previous file (or none), never a truncated one.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes a file through a stream callback.</summary>
    /// <param name="path">The target file; its folder is created when missing.</param>
    /// <param name="write">Writes the content.</param>
    /// <exception cref="InputException">The file cannot be written (the target is left as it was).</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new InputException($"cannot write the file: {ex.Message.TrimEnd('.')}", full, hint: "check that the folder is writable and the disk has space; any earlier file there is unchanged");
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes UTF-8 text (no byte-order mark) through a writer callback.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="write">Writes the text.</param>
    /// <exception cref="InputException">The file cannot be written.</exception>
    public static void WriteText(string path, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, Utf8NoBom, 1 << 16, leaveOpen: true);
            write(writer);
        });
    }

    /// <summary>Writes UTF-8 text (no byte-order mark).</summary>
    /// <param name="path">The target file.</param>
    /// <param name="text">The content.</param>
    /// <exception cref="InputException">The file cannot be written.</exception>
    public static void WriteText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteText(path, writer => writer.Write(text));
    }

    /// <summary>Writes bytes.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="bytes">The content.</param>
    /// <exception cref="InputException">The file cannot be written.</exception>
    public static void WriteBytes(string path, ReadOnlyMemory<byte> bytes) => Write(path, stream => stream.Write(bytes.Span));

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The temporary file is hidden and named uniquely; leaving it behind loses nothing.
        }
    }
}
