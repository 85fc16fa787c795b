namespace Crossover.Reports.Writers;

/// <summary>A table: headers, rows, and which columns hold numbers (right-aligned).</summary>
internal sealed record ReportTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<Cell>> Rows, IReadOnlySet<int> NumericColumns)
{
    public ReportTable(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<Cell>> rows)
        : this(headers, rows, new HashSet<int>())
    {
    }
}
