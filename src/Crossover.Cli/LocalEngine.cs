using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Crossover.Cli;

/// <summary>
/// Finds the in-process engine's runtime (TorchSharp and libtorch) when the command does not carry it.
/// </summary>
/// <remarks>
/// The installed tool <c>crossover</c> leaves TorchSharp and libtorch (~460 MB) out; the tool <c>crossover-local</c>
/// carries them. Only the runtime is split off, not Crossover's own code: Crossover.LocalModels stays in the core tool
/// because its tokenizer, chat templates and training data serve verbs that need no engine (tune prepare and export,
/// bench), and it implements IChatClient that Evaluation consumes. So TorchSharp is loaded into the default load
/// context, where the core's types are, rather than into an isolated one behind an interface: an isolated context
/// would need a seam at every crossing (chat clients, training, benchmarks) and a split of LocalModels and Tuning.
/// The runtime resolves TorchSharp only when a method that uses it first runs, so <c>decide</c> never looks for it.
/// The build output (<c>dotnet run</c>, the built command, the tests) holds TorchSharp itself, so none of this runs there.
/// </remarks>
internal static class LocalEngine
{
    /// <summary>The tool that carries the engine's runtime.</summary>
    public const string Package = "crossover-local";

    /// <summary>Names a folder holding the engine (its <c>TorchSharp.dll</c>), for an engine installed elsewhere.</summary>
    public const string FolderVariable = "CROSSOVER_LOCAL_ENGINE";

    /// <summary>The engine's managed assembly; its native libraries lie under <c>runtimes/linux-x64/native</c> beside it.</summary>
    private const string EngineAssembly = "TorchSharp";

    /// <summary>
    /// Lets the default load context find the engine in <c>crossover-local</c>'s folder when the command's own folder
    /// lacks it. Costs nothing until the engine is first needed.
    /// </summary>
    public static void LoadWhenNeeded() => AssemblyLoadContext.Default.Resolving += Resolve;

    /// <summary>
    /// The folder holding the engine: <see cref="FolderVariable"/> when set, else <c>crossover-local</c> installed in
    /// the same tool store as this command (<c>dotnet tool install --global</c> or the same <c>--tool-path</c>).
    /// </summary>
    /// <param name="commandDirectory">The folder of the running command (AppContext.BaseDirectory).</param>
    /// <param name="folderVariable">The value of <see cref="FolderVariable"/>.</param>
    /// <param name="version">The command's version: an engine of the same version is preferred.</param>
    /// <returns>The folder, or null when no engine is installed.</returns>
    public static string? Locate(string commandDirectory, string? folderVariable, string version)
    {
        if (!string.IsNullOrWhiteSpace(folderVariable))
        {
            return File.Exists(Path.Combine(folderVariable, EngineAssembly + ".dll")) ? Path.GetFullPath(folderVariable) : null;
        }

        // A tool's files lie in <store>/<id>/<version>/<id>[.<rid>]/<version>/tools/<tfm>/<rid or any>/.
        var store = new DirectoryInfo(commandDirectory);
        while (store is not null && store.Name != ".store")
        {
            store = store.Parent;
        }

        var versions = store is null ? null : new DirectoryInfo(Path.Combine(store.FullName, Package));
        if (versions is null || !versions.Exists)
        {
            return null;
        }

        return versions.EnumerateDirectories()
            .OrderByDescending(v => v.Name == version)
            .ThenByDescending(v => Version.TryParse(v.Name.Split('-')[0], out var parsed) ? parsed : new Version())
            .Select(v => v.EnumerateFiles(EngineAssembly + ".dll", SearchOption.AllDirectories).FirstOrDefault()?.DirectoryName)
            .FirstOrDefault(folder => folder is not null);
    }

    /// <summary>The one line a user reads when a verb needs the engine and it is not installed, or null for any other failure.</summary>
    /// <param name="exception">What the verb threw.</param>
    /// <returns>The message, without the "error: " prefix.</returns>
    public static string? MissingMessage(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is FileNotFoundException { FileName: { } file } && new AssemblyName(file).Name == EngineAssembly)
            {
                return Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } folder
                    ? $"the local engine is not in {FolderVariable}={folder} (no {EngineAssembly}.dll there): point it at crossover-local's folder, or unset it and install the engine with 'dotnet tool install --global {Package}' (docs/local-engine.md)"
                    : $"this verb needs the local engine, which is not installed: run 'dotnet tool install --global {Package}' (or with the same --tool-path as crossover; docs/local-engine.md)";
            }
        }

        return null;
    }

    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        if (name.Name != EngineAssembly
            || Locate(AppContext.BaseDirectory, Environment.GetEnvironmentVariable(FolderVariable), typeof(LocalEngine).Assembly.GetName().Version?.ToString(3) ?? "") is not { } folder)
        {
            return null;
        }

        var engine = context.LoadFromAssemblyPath(Path.Combine(folder, EngineAssembly + ".dll"));

        // TorchSharp loads its native libraries by name (NativeLibrary.TryLoad with its assembly, then DllImport); the
        // default context asks this event when its own probing fails. libLibTorchSharp.so then finds libtorch beside it
        // ($ORIGIN is in its run path).
        var natives = Path.Combine(folder, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
        context.ResolvingUnmanagedDll += (assembly, library) =>
            assembly != engine ? IntPtr.Zero
            : new[] { $"lib{library}.so", $"{library}.so", library }
                .SelectMany(file => new[] { Path.Combine(natives, file), Path.Combine(folder, file) })
                .FirstOrDefault(File.Exists) is { } path ? NativeLibrary.Load(path) : IntPtr.Zero;
        return engine;
    }
}
