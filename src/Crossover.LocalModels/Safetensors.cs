using System.IO.MemoryMappedFiles;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crossover.Core.Input;
using static TorchSharp.torch;

namespace Crossover.LocalModels;

/// <summary>
/// Reads and writes the safetensors format (an 8-byte little-endian header length, a JSON header naming each
/// tensor's dtype, shape and byte range, then the raw little-endian data). TorchSharp has no reader for it, so
/// this is ours. Files are memory-mapped and each tensor's bytes are copied once, straight into the tensor.
/// </summary>
internal static class Safetensors
{
    private const string IndexFile = "model.safetensors.index.json";

    /// <summary>The safetensors format refuses headers above 100 MB.</summary>
    private const long MaxHeaderLength = 100_000_000;

    /// <summary>Lists the weight files of a model folder: <c>model.safetensors</c>, or the shards named by its index.</summary>
    public static IReadOnlyList<string> ModelFiles(string directory)
    {
        var single = Path.Combine(directory, "model.safetensors");
        if (File.Exists(single))
        {
            return [single];
        }

        var index = Path.Combine(directory, IndexFile);
        if (!File.Exists(index))
        {
            throw new InputException("no model.safetensors or model.safetensors.index.json", file: directory,
                hint: "a model folder needs its weights in the safetensors format, as Hugging Face saves them");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(index));
        }
        catch (JsonException ex)
        {
            throw new InputException($"not valid JSON: {ex.Message}", file: index);
        }

        if (root?["weight_map"] is not JsonObject map)
        {
            throw new InputException("missing object 'weight_map'", file: index, field: "weight_map");
        }

        var files = map.Select(entry => entry.Value?.GetValue<string>() ?? throw new InputException("a weight_map value is not a file name", file: index, field: $"weight_map.{entry.Key}"))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(f => Path.Combine(directory, f)).ToList();
        foreach (var file in files.Where(f => !File.Exists(f)))
        {
            throw new InputException($"shard '{Path.GetFileName(file)}' named in the index does not exist", file: index);
        }

        return files;
    }

    /// <summary>Reads every tensor of the given files, converted to <paramref name="dtype"/>, on <paramref name="device"/>.</summary>
    public static Dictionary<string, Tensor> Read(IEnumerable<string> files, ScalarType dtype, Device device)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var (name, tensor) in ReadFile(file, dtype, device))
            {
                if (!tensors.TryAdd(name, tensor))
                {
                    throw new InputException($"tensor '{name}' occurs in more than one shard", file: file);
                }
            }
        }

        return tensors;
    }

    private static unsafe List<(string Name, Tensor Tensor)> ReadFile(string file, ScalarType dtype, Device device)
    {
        var length = new FileInfo(file).Length;
        if (length < 8)
        {
            throw new InputException("too short to be a safetensors file", file: file);
        }

        using var mapped = MemoryMappedFile.CreateFromFile(file, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = mapped.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* basePointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref basePointer);
        try
        {
            basePointer += view.PointerOffset;
            var headerLength = BitConverter.ToInt64(new ReadOnlySpan<byte>(basePointer, 8));
            // Written so that a huge length cannot overflow the sum; the format caps headers at 100 MB.
            if (headerLength <= 0 || headerLength > length - 8 || headerLength > MaxHeaderLength)
            {
                throw new InputException($"header length {headerLength} does not fit in the file", file: file);
            }

            var dataStart = 8 + headerLength;
            var result = new List<(string, Tensor)>();
            foreach (var entry in ParseHeader(new ReadOnlySpan<byte>(basePointer + 8, checked((int)headerLength)), length - dataStart, file))
            {
                var tensor = empty(entry.Shape, entry.Dtype);
                tensor.bytes = new Span<byte>(basePointer + dataStart + entry.Start, checked((int)(entry.End - entry.Start)));
                var converted = tensor.to(dtype, device);
                if (!ReferenceEquals(converted, tensor))
                {
                    tensor.Dispose();
                }

                result.Add((entry.Name, converted));
            }

            return result;
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    /// <summary>
    /// Reads and checks a safetensors JSON header: every entry an object with a supported dtype, a shape of non-negative
    /// dimensions and data_offsets that hold exactly that many bytes inside the data region.
    /// </summary>
    /// <param name="header">The header's bytes.</param>
    /// <param name="dataLength">Bytes after the header.</param>
    /// <param name="file">The file, for errors.</param>
    /// <returns>The tensors' entries, in header order.</returns>
    /// <exception cref="InputException">The header is not valid JSON or an entry is malformed; the message names the entry.</exception>
    internal static List<HeaderEntry> ParseHeader(ReadOnlySpan<byte> header, long dataLength, string file)
    {
        // JsonNode reads lazily: a bad escape or a repeated key surfaces as InvalidOperationException or ArgumentException
        // when an entry is first read, so the whole walk is guarded.
        try
        {
            return ParseEntries(header, dataLength, file);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            throw new InputException($"the header is not valid JSON: {ex.Message.ReplaceLineEndings(" ")}", file: file);
        }
    }

    private static List<HeaderEntry> ParseEntries(ReadOnlySpan<byte> header, long dataLength, string file)
    {
        var root = JsonNode.Parse(header, documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) as JsonObject
            ?? throw new InputException("the header is not a JSON object", file: file);
        var entries = new List<HeaderEntry>();
        foreach (var (name, node) in root)
        {
            if (name == "__metadata__")
            {
                continue;
            }

            var entry = node as JsonObject ?? throw new InputException("entry is not an object", file: file, field: name);
            var stored = ParseDtype(entry["dtype"] is JsonValue dtype && dtype.TryGetValue<string>(out var text) ? text : null, file, name);
            var shape = Integers(entry["shape"], file, name, "shape");
            var offsets = Integers(entry["data_offsets"], file, name, "data_offsets");
            var elementSize = stored == ScalarType.Float32 ? 4 : 2;
            long expected;
            try
            {
                expected = shape.Any(d => d < 0) ? -1 : shape.Aggregate((long)elementSize, (a, b) => checked(a * b));
            }
            catch (OverflowException)
            {
                expected = -1;
            }

            if (expected < 0 || offsets is not [var start, var end] || start < 0 || end - start != expected || end > dataLength || expected > int.MaxValue)
            {
                throw new InputException($"data_offsets [{string.Join(", ", offsets)}] do not match shape [{string.Join(", ", shape)}] of {stored} within {dataLength} data bytes", file: file, field: name);
            }

            entries.Add(new HeaderEntry(name, stored, shape, start, end));
        }

        return entries;
    }

    private static long[] Integers(JsonNode? node, string file, string name, string field) =>
        node is JsonArray array && array.All(d => d is JsonValue v && v.TryGetValue<long>(out _))
            ? [.. array.Select(d => d!.GetValue<long>())]
            : throw new InputException($"'{field}' is not a list of integers", file: file, field: $"{name}.{field}");

    /// <summary>One tensor of a safetensors header: its byte range is relative to the end of the header.</summary>
    internal sealed record HeaderEntry(string Name, ScalarType Dtype, long[] Shape, long Start, long End);

    private static ScalarType ParseDtype(string? dtype, string file, string name) => dtype switch
    {
        "F32" => ScalarType.Float32,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        _ => throw new InputException($"unsupported dtype '{dtype}'", file: file, field: name, hint: "supported: F32, F16, BF16"),
    };

    /// <summary>Writes tensors (F32, F16 or BF16, any device) to one safetensors file, names in ordinal order.</summary>
    public static void Write(string file, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var ordered = tensors.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        var header = new JsonObject();
        if (metadata is not null)
        {
            header["__metadata__"] = new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)JsonValue.Create(m.Value))));
        }

        long offset = 0;
        foreach (var (name, tensor) in ordered)
        {
            var size = tensor.NumberOfElements * tensor.ElementSize;
            header[name] = new JsonObject
            {
                ["dtype"] = tensor.dtype switch
                {
                    ScalarType.Float32 => "F32",
                    ScalarType.Float16 => "F16",
                    ScalarType.BFloat16 => "BF16",
                    _ => throw new ArgumentException($"cannot write tensor '{name}' of type {tensor.dtype}", nameof(tensors)),
                },
                ["shape"] = new JsonArray(tensor.shape.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
                ["data_offsets"] = new JsonArray(JsonValue.Create(offset), JsonValue.Create(offset + size)),
            };
            offset += size;
        }

        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8;
        using var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        stream.Write(BitConverter.GetBytes((long)padded));
        stream.Write(json);
        for (var i = json.Length; i < padded; i++)
        {
            stream.WriteByte((byte)' ');
        }

        foreach (var (_, tensor) in ordered)
        {
            using var cpu = tensor.detach().cpu().contiguous();
            stream.Write(cpu.bytes);
        }
    }
}
