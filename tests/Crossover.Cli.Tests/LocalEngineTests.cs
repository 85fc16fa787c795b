using System.Diagnostics;

namespace Crossover.Cli.Tests;

/// <summary>
/// The installed tool without the engine, and with the engine found elsewhere: the command's managed files are copied
/// to a scratch folder without TorchSharp and without crossover.deps.json (so the host takes the folder's assemblies as
/// they are, as the tool package's own deps.json does), then run as a process.
/// </summary>
public sealed class LocalEngineTests(CommandWithoutEngine copied) : IClassFixture<CommandWithoutEngine>
{
    [Fact]
    public async Task LocalVerb_WithoutTheEngine_IsOneLineNamingWhatToInstall_Exit2()
    {
        var command = copied.Dll;

        var result = await RunAsync(command, engineFolder: null, "local", "generate", TinyModel.Write(), "--prompt", "a", "--max-tokens", "2");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        var line = Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.Equal($"error: this verb needs the local engine, which is not installed: run 'dotnet tool install --global {LocalEngine.Package}' (or with the same --tool-path as crossover; docs/local-engine.md)", line);
    }

    [Fact]
    public async Task Decide_WithoutTheEngine_Works()
    {
        var command = copied.Dll;

        var result = await RunAsync(command, engineFolder: null, "decide", CliRunner.RepoPath("examples", "scenarios", "support-tone.yaml"), "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"recommendation\"", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalVerb_WithTheEngineInAnotherFolder_LoadsItFromThere()
    {
        var command = copied.Dll;

        // The test's own output folder has the engine as the crossover-local tool lays it out: TorchSharp.dll beside
        // runtimes/linux-x64/native/.
        var result = await RunAsync(command, engineFolder: AppContext.BaseDirectory, "local", "generate", TinyModel.Write(), "--prompt", "a", "--max-tokens", "2");

        Assert.True(result.ExitCode == 0, result.Stderr);
    }

    [Fact]
    public async Task EngineVariable_NamingAFolderWithoutTheEngine_SaysSo()
    {
        var command = copied.Dll;
        var empty = Directory.CreateTempSubdirectory("crossover-no-engine-").FullName;

        var result = await RunAsync(command, engineFolder: empty, "local", "generate", TinyModel.Write(), "--prompt", "a");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.StartsWith($"error: the local engine is not in {LocalEngine.FolderVariable}={empty} (no TorchSharp.dll there)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Locate_FindsCrossoverLocalInTheSameToolStore_PreferringTheCommandsVersion()
    {
        var store = Path.Combine(Directory.CreateTempSubdirectory("crossover-store-").FullName, ".store");
        var command = Directory.CreateDirectory(Path.Combine(store, "crossover", "0.2.0", "crossover.linux-x64", "0.2.0", "tools", "net10.0", "linux-x64")).FullName;
        Assert.Null(LocalEngine.Locate(command, null, "0.2.0"));

        var older = Engine(store, "0.1.0");
        Assert.Equal(older, LocalEngine.Locate(command, null, "0.2.0"));

        var same = Engine(store, "0.2.0");
        var newer = Engine(store, "0.3.0");
        Assert.Equal(same, LocalEngine.Locate(command, null, "0.2.0"));
        Assert.Equal(newer, LocalEngine.Locate(command, null, "0.9.0"));
    }

    [Fact]
    public void Locate_OutsideAToolStore_FindsNothing_UnlessTheVariableNamesAnEngine()
    {
        var folder = Directory.CreateTempSubdirectory("crossover-plain-").FullName;
        var engine = Directory.CreateTempSubdirectory("crossover-engine-").FullName;
        File.WriteAllText(Path.Combine(engine, "TorchSharp.dll"), "");

        Assert.Null(LocalEngine.Locate(folder, null, "0.1.0"));
        Assert.Null(LocalEngine.Locate(folder, folder, "0.1.0"));
        Assert.Equal(engine, LocalEngine.Locate(folder, engine, "0.1.0"));
    }

    [Fact]
    public void MissingMessage_OnlyForTheEngineAssembly_EvenWhenWrapped()
    {
        var missing = new FileNotFoundException("Could not load file or assembly", "TorchSharp, Version=0.107.0.0, Culture=neutral, PublicKeyToken=null");

        Assert.Contains($"dotnet tool install --global {LocalEngine.Package}", LocalEngine.MissingMessage(new TypeInitializationException("Crossover.LocalModels.Transformer", missing)), StringComparison.Ordinal);
        Assert.Null(LocalEngine.MissingMessage(new FileNotFoundException("no such profile", "profile.yaml")));
        Assert.Null(LocalEngine.MissingMessage(new FileNotFoundException("Could not load file or assembly", "YamlDotNet, Version=16.0.0.0, Culture=neutral, PublicKeyToken=null")));
    }

    [Fact]
    public void VerbTable_NamesEachVerbAsItsCommandDoes()
    {
        using var writer = new StringWriter();
        var context = new CliContext(writer, writer, TimeProvider.System);

        foreach (var (name, create) in CrossoverCli.VerbFactories)
        {
            Assert.Equal(name, create(context).Name);
        }
    }

    private static string Engine(string store, string version)
    {
        var folder = Directory.CreateDirectory(Path.Combine(store, LocalEngine.Package, version, LocalEngine.Package, version, "tools", "net10.0", "any")).FullName;
        File.WriteAllText(Path.Combine(folder, "TorchSharp.dll"), "");
        return folder;
    }

    private static async Task<CliResult> RunAsync(string dll, string? engineFolder, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [dll, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Remove(LocalEngine.FolderVariable);
        if (engineFolder is not null)
        {
            start.Environment[LocalEngine.FolderVariable] = engineFolder;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>The test's copy of the command without the engine, deleted after the class's tests.</summary>
public sealed class CommandWithoutEngine : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("crossover-core-").FullName;

    public CommandWithoutEngine()
    {
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll").Where(f => Path.GetFileName(f) != "TorchSharp.dll"))
        {
            File.Copy(file, Path.Combine(_folder, Path.GetFileName(file)));
        }

        File.Copy(Path.Combine(AppContext.BaseDirectory, "crossover.runtimeconfig.json"), Path.Combine(_folder, "crossover.runtimeconfig.json"));
    }

    public string Dll => Path.Combine(_folder, "crossover.dll");

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
