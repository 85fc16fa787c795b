using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Crossover.Core.Input;
using Crossover.Tuning.Data;

namespace Crossover.Tuning.Distillation;

/// <summary>
/// What a distilled training file cost and where it came from, kept beside it as <c>FILE.distill.json</c> so the
/// teacher's spend is on record for the economics after the console output is gone (docs/distillation.md).
/// </summary>
/// <param name="TrainingFile">The training file's name (it sits in the same folder).</param>
/// <param name="CreatedAt">When the file was written.</param>
/// <param name="Teacher">The teacher candidate's name.</param>
/// <param name="Model">The teacher's model id.</param>
/// <param name="InputsFile">The inputs file's full path.</param>
/// <param name="Inputs">Rows read from the inputs file (after the limit).</param>
/// <param name="Repeats">Teacher answers asked per input.</param>
/// <param name="RequireAgreement">Whether an input was kept only when all its repeats agreed.</param>
/// <param name="Kept">Examples written.</param>
/// <param name="Rejected">Dropped inputs per reason (<see cref="DistillReasons"/>).</param>
/// <param name="Usage">The teacher's calls, tokens and cost.</param>
public sealed record DistillRecord(
    string TrainingFile,
    DateTimeOffset CreatedAt,
    string Teacher,
    string Model,
    string InputsFile,
    int Inputs,
    int Repeats,
    bool RequireAgreement,
    int Kept,
    IReadOnlyDictionary<string, int> Rejected,
    TeacherUsage Usage)
{
    /// <summary>What the record's file name adds to the training file's.</summary>
    public const string Extension = ".distill.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Writes a distillation's kept examples to <paramref name="trainingFile"/> and its record beside it, both atomically;
    /// nothing is written when no answer passed the checks.
    /// </summary>
    /// <param name="trainingFile">The training file to write.</param>
    /// <param name="format">Its format (a supervised one).</param>
    /// <param name="result">The distillation.</param>
    /// <param name="options">The options it ran with.</param>
    /// <param name="createdAt">When it is written.</param>
    /// <returns>The record and where it was written.</returns>
    /// <exception cref="InputException">No answer passed the checks (the message counts the reasons), or a file cannot be written.</exception>
    public static (DistillRecord Record, string Path) Write(string trainingFile, TrainingFormat format, DistillResult result, DistillOptions options, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(trainingFile);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        if (result.Kept.Count == 0)
        {
            throw new InputException("no teacher answer passed the checks, so there is nothing to train on: " + RejectionSummary(result), options.InputsPath,
                hint: "look at the teacher's answers with crossover eval, or loosen the checks");
        }

        TrainingWriter.WriteFile(trainingFile, result.Kept, format);
        var record = new DistillRecord(Path.GetFileName(trainingFile), createdAt, result.Teacher, result.Model, Path.GetFullPath(options.InputsPath), result.Inputs,
            result.Repeats, options.RequireAgreement, result.Kept.Count, result.Rejected, result.Usage);
        var recordPath = trainingFile + Extension;
        AtomicFile.WriteText(recordPath, JsonSerializer.Serialize(record, Json));
        return (record, recordPath);
    }

    /// <summary>The rejection counts, commonest first: <c>unknown-label 2, call-failed 1</c>.</summary>
    /// <param name="result">The distillation.</param>
    /// <returns>The summary, or an empty string when nothing was rejected.</returns>
    public static string RejectionSummary(DistillResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return string.Join(", ", result.Rejected.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value}")));
    }
}
