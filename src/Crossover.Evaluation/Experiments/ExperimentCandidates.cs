using System.Text.Json;
using System.Text.RegularExpressions;
using Crossover.Core.Input;

namespace Crossover.Evaluation.Experiments;

/// <summary>
/// Adds a candidate to an experiment file by editing its text: the entry is appended after the last item of the
/// top-level <c>candidates:</c> list, so comments and layout stay as the user wrote them (a YAML round trip would drop them).
/// </summary>
public static partial class ExperimentCandidates
{
    /// <summary>Appends <paramref name="model"/> as candidate <paramref name="name"/> unless the experiment already has it.</summary>
    /// <param name="experimentPath">The experiment file.</param>
    /// <param name="name">The candidate's name.</param>
    /// <param name="model">The model: provider and id, plus baseUrl, apiKeyEnv or adapter when set.</param>
    /// <param name="strategy">The candidate's strategy: a tuned model's training-prompt strategy, or one naming a prompt file.</param>
    /// <returns>True when appended; false when a candidate with this name and model was already there.</returns>
    /// <exception cref="InputException">The name is taken by another model, the list cannot be found, or the edited file does not load (it is then restored).</exception>
    public static bool Append(string experimentPath, string name, ModelSpec model, StrategySpec strategy)
    {
        ArgumentNullException.ThrowIfNull(experimentPath);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(strategy);
        var experiment = ExperimentReader.Load(experimentPath);
        if (experiment.Candidates.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) is { } existing)
        {
            if (existing.Model.Provider == model.Provider && existing.Model.Id == model.Id && existing.Model.Adapter == model.Adapter)
            {
                return false;
            }

            throw new InputException($"the experiment already has a candidate '{existing.Name}' with another model ({existing.Model.Provider} {existing.Model.Id})", experimentPath, field: "candidates", hint: "pick another name (tune start --suffix, tune import NAME, or rename the candidate it clashes with)");
        }

        var original = InputFile.ReadText(experimentPath);

        // The file is written back as it was found: with its byte-order mark when it had one (editors on Windows add it).
        var bom = HasByteOrderMark(experimentPath) ? "\uFEFF" : string.Empty;
        var newline = original.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = original.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var (insertAt, indent) = FindListEnd(lines, experimentPath);
        var pad = new string(' ', indent);

        // Folders are written relative to the experiment file (which is what they resolve against), so the experiment
        // and its model folders can move or be committed together.
        var folder = Path.GetDirectoryName(Path.GetFullPath(experimentPath))!;
        string Relative(string path) => Path.GetRelativePath(folder, path).Replace('\\', '/');
        var entry = new List<string>
        {
            $"{pad}- name: {Quote(name)}",
            $"{pad}  model:",
            $"{pad}    provider: {model.Provider}",
            $"{pad}    id: {Quote(model.Provider is "local" or "recorded" && Path.IsPathRooted(model.Id) ? Relative(model.Id) : model.Id)}",
        };
        AddIf(entry, pad, "baseUrl", model.BaseUrl);
        AddIf(entry, pad, "apiKeyEnv", model.ApiKeyEnv);
        AddIf(entry, pad, "priceAs", model.PriceAs);
        AddIf(entry, pad, "adapter", model.Adapter is { } adapter && Path.IsPathRooted(adapter) ? Relative(adapter) : model.Adapter);
        entry.Add($"{pad}  strategy: {FlowMap(strategy)}");
        lines.InsertRange(insertAt, entry);
        var text = string.Join(newline, lines);
        if (!text.EndsWith(newline, StringComparison.Ordinal))
        {
            text += newline;
        }

        AtomicFile.WriteText(experimentPath, bom + text);
        try
        {
            var reread = ExperimentReader.Load(experimentPath);
            if (!reread.Candidates.Any(c => c.Name == name && c.Model.Id == model.Id))
            {
                throw new InputException($"the appended candidate '{name}' did not read back", experimentPath, field: "candidates", hint: "add it by hand");
            }
        }
        catch (InputException ex)
        {
            AtomicFile.WriteText(experimentPath, bom + original);
            throw new InputException($"adding candidate '{name}' broke the experiment ({ex.Message}); the file was restored", experimentPath, field: "candidates", hint: "add the candidate by hand");
        }

        return true;
    }

    /// <summary>The strategy as a YAML flow map: its kind, and its prompt file or its demonstrations' count and selection.</summary>
    private static string FlowMap(StrategySpec strategy)
    {
        var parts = new List<string> { $"kind: {strategy.Kind.Name}" };
        if (strategy.PromptFile is { } file)
        {
            parts.Add($"prompt: {Quote(file)}");
        }
        else if (strategy.Shots > 0)
        {
            parts.Add($"shots: {strategy.Shots}");
            parts.Add($"select: {Names.Kebab(strategy.Select)}");
        }

        return "{ " + string.Join(", ", parts) + " }";
    }

    private static bool HasByteOrderMark(string path)
    {
        using var stream = InputFile.OpenRead(path);
        Span<byte> start = stackalloc byte[3];
        return stream.ReadAtLeast(start, 3, throwOnEndOfStream: false) == 3 && start.SequenceEqual("\uFEFF"u8);
    }

    private static void AddIf(List<string> entry, string pad, string key, string? value)
    {
        if (value is not null)
        {
            entry.Add($"{pad}    {key}: {Quote(value)}");
        }
    }

    /// <summary>A YAML double-quoted scalar; JSON string escaping is valid YAML.</summary>
    private static string Quote(string value) => JsonSerializer.Serialize(value);

    /// <summary>The line index after the list's last item line, and the indentation of its dashes.</summary>
    private static (int InsertAt, int Indent) FindListEnd(List<string> lines, string path)
    {
        var start = lines.FindIndex(l => CandidatesKey().IsMatch(l));
        if (start < 0)
        {
            var flow = lines.FindIndex(l => l.StartsWith("candidates:", StringComparison.Ordinal));
            throw new InputException(
                flow < 0 ? "no top-level 'candidates:' list" : "'candidates:' is written in flow style ([...]) and cannot be appended to without rewriting it",
                path, flow < 0 ? null : flow + 1, "candidates", "write candidates as a block list (one '- name: …' per item)");
        }

        var last = start;
        int? indent = null;
        for (var i = start + 1; i < lines.Count; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            if (!char.IsWhiteSpace(line[0]) && !trimmed.StartsWith('-'))
            {
                break;
            }

            indent ??= trimmed.StartsWith('-') ? line.Length - trimmed.Length : null;
            last = i;
        }

        return (last + 1, indent ?? 2);
    }

    [GeneratedRegex(@"^candidates:\s*(#.*)?$")]
    private static partial Regex CandidatesKey();
}
