namespace Crossover.Cli.Tests;

public sealed class OutputWidthTests
{
    [Theory]
    [InlineData("200", 120, 200)]
    [InlineData("200", null, 200)]
    [InlineData(null, 120, 120)]
    [InlineData(null, null, CliContext.UnwrappedWidth)]
    [InlineData("", null, CliContext.UnwrappedWidth)]
    [InlineData("wide", 90, 90)]
    [InlineData("0", null, CliContext.UnwrappedWidth)]
    [InlineData("-5", 100, 100)]
    public void OutputWidth_ColumnsThenTerminalThenUnwrapped(string? columns, int? terminal, int expected)
    {
        Assert.Equal(expected, CliContext.OutputWidth(columns, terminal));
    }

    [Fact]
    public async Task CatalogList_Piped_KeepsEveryRowOnOneLine()
    {
        var result = await CliRunner.RunAsync("catalog", "list");

        Assert.Equal(0, result.ExitCode);
        var row = Assert.Single(result.Stdout.Split('\n'), line => line.Contains("claude-sonnet-4-5", StringComparison.Ordinal) && line.Contains('│'));
        Assert.True(row.Length > 80, $"the row was cut to the old 80 columns: {row}");
    }
}
