using Crossover.Reports.Writers;

namespace Crossover.Reports.Sections;

/// <summary>One section of the report. Sections are independent: a new one (say, an evaluation run's evidence) is a new
/// class added to <see cref="ReportSections.All"/>, without touching the others.</summary>
internal interface IReportSection
{
    /// <summary>The anchor id in HTML.</summary>
    string Id { get; }

    /// <summary>The heading.</summary>
    string Title { get; }

    /// <summary>Whether the decision carries what this section shows.</summary>
    bool AppliesTo(ReportContext context);

    /// <summary>Writes the section's content (the writer has already opened the section).</summary>
    void Write(ReportContext context, IReportWriter writer);
}
