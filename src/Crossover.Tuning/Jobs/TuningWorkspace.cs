using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Crossover.Core.Catalog;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.LocalModels;
using Crossover.Tuning.Data;

namespace Crossover.Tuning.Jobs;

/// <summary>
/// The folder beside the job store where tuning keeps its files (docs/tuning-jobs.md): <c>tuning/</c> holds the training
/// and validation files, named by their content's hash so the same data is the same file, and the start locks;
/// <c>adapters/JOB</c> holds each local job's LoRA adapter.
/// </summary>
public sealed class TuningWorkspace
{
    /// <summary>Creates the layout rooted at <paramref name="folder"/>.</summary>
    /// <param name="folder">The workspace folder (the job store's folder).</param>
    public TuningWorkspace(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Folder = Path.GetFullPath(folder);
    }

    /// <summary>The workspace folder.</summary>
    public string Folder { get; }

    /// <summary>Where training and validation files and start locks go.</summary>
    public string DataFolder => Path.Combine(Folder, "tuning");

    /// <summary>Where local jobs' adapters go, one folder per job.</summary>
    public string AdaptersFolder => Path.Combine(Folder, "adapters");

    /// <summary>The workspace of a job store file: the folder it is in.</summary>
    /// <param name="storePath">The store's SQLite file.</param>
    /// <returns>The workspace.</returns>
    public static TuningWorkspace Beside(string storePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(storePath);
        return new TuningWorkspace(Path.GetDirectoryName(Path.GetFullPath(storePath))!);
    }

    /// <summary>The adapter folder of a local job.</summary>
    /// <param name="jobId">The job id.</param>
    /// <returns>The folder's full path.</returns>
    public string Adapter(string jobId) => Path.Combine(AdaptersFolder, jobId);

    /// <summary>
    /// Prepares and validates the experiment's train split as <c>tune prepare</c> does and writes it (and, unless
    /// <paramref name="withValidation"/> is false, the dev split) as OpenAI chat JSONL in <see cref="DataFolder"/>.
    /// </summary>
    /// <param name="experiment">The experiment.</param>
    /// <param name="baseModel">The model to tune: it prices the training tokens and sets the context limit checked.</param>
    /// <param name="epochs">Passes over the data, for the cost estimate.</param>
    /// <param name="catalog">Prices and context limits.</param>
    /// <param name="withValidation">Whether to write the dev split as the validation file.</param>
    /// <returns>The files and the training set's report.</returns>
    /// <exception cref="InputException">The data fails a check; nothing is written.</exception>
    public JobFiles WriteJobFiles(Experiment experiment, string baseModel, int epochs, PriceCatalog catalog, bool withValidation)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var prepared = TrainingPreparer.Prepare(experiment, new PrepareOptions(TrainingFormat.OpenAiChat, baseModel, epochs), catalog);
        var dev = withValidation ? TrainingPreparer.DevExamples(experiment) : [];
        var training = WriteDataFile(prepared.Examples, $"{PathSafeName.Of(experiment.Name)}-{{0}}.jsonl");
        var validation = dev.Count > 0 ? WriteDataFile(dev, $"{PathSafeName.Of(experiment.Name)}-validation-{{0}}.jsonl") : null;
        return new JobFiles(prepared.Report, training, validation, dev.Count);
    }

    /// <summary>The lock file a start holds while it uploads and submits the job with this idempotency key.</summary>
    /// <param name="idempotencyKey">The job's key.</param>
    /// <returns>The lock file's path (its folder is created).</returns>
    internal string StartLock(string idempotencyKey)
    {
        Directory.CreateDirectory(DataFolder);
        return Path.Combine(DataFolder, $".start-{idempotencyKey[..16]}.lock");
    }

    /// <summary>Writes the examples once under a name holding the first 12 hex digits of their SHA-256.</summary>
    private string WriteDataFile(IReadOnlyList<TrainingExample> examples, string nameFormat)
    {
        using var text = new StringWriter();
        TrainingWriter.Write(examples, TrainingFormat.OpenAiChat, text);
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var path = Path.Combine(DataFolder, string.Format(CultureInfo.InvariantCulture, nameFormat, hash[..12]));
        if (!File.Exists(path))
        {
            AtomicFile.WriteBytes(path, bytes);
        }

        return path;
    }
}
