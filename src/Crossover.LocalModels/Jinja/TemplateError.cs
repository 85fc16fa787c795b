namespace Crossover.LocalModels.Jinja;

/// <summary>A chat template that cannot be parsed or rendered; <see cref="Line"/> is the template's own line.</summary>
internal sealed class TemplateError(string message, int line) : Exception(message)
{
    public int Line { get; } = line;
}
