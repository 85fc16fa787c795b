using ScottPlot;

namespace Crossover.Reports.Charts;

/// <summary>
/// Names next to scatter points, placed in pixels once the plot is laid out so that no label covers another label or a
/// point and none leaves the data area; a label pushed away from its point gets a thin leader line back to it. Used as the
/// <c>layOut</c> step of <see cref="SvgChart.Render"/>, so each chart width gets its own placement.
/// </summary>
/// <param name="points">The labelled points.</param>
/// <param name="unlabelled">Further points drawn on the chart, which labels must not cover either.</param>
/// <param name="fontSize">The labels' size in pixels.</param>
/// <param name="markerRadius">Half the drawn points' size in pixels.</param>
internal sealed class PointLabels(
    IReadOnlyList<(string Text, double X, double Y)> points, IReadOnlyList<(double X, double Y)>? unlabelled = null, float fontSize = 12, float markerRadius = 7)
{
    private const float Gap = 4;
    private const int FartherSteps = 8;

    private readonly List<IPlottable> _added = [];

    public void LayOut(Plot plot)
    {
        foreach (var plottable in _added)
        {
            plot.Remove(plottable);
        }

        _added.Clear();
        plot.Axes.SetLimits(plot.Axes.GetLimits());
        var area = plot.LastRender.DataRect;
        var pixels = points.Select(p => plot.GetPixel(new Coordinates(p.X, p.Y))).ToList();
        var taken = pixels.Concat((unlabelled ?? []).Select(p => plot.GetPixel(new Coordinates(p.X, p.Y))))
            .Select(p => new PixelRect(p.X - markerRadius, p.X + markerRadius, p.Y + markerRadius, p.Y - markerRadius)).ToList();
        using var paint = Paint.NewDisposablePaint();
        foreach (var i in Enumerable.Range(0, points.Count).OrderBy(i => pixels[i].X))
        {
            var style = new LabelStyle { Text = points[i].Text, FontName = SvgChart.FontName, FontSize = fontSize };
            var size = style.Measure(paint).Size;
            var (box, leader) = Place(pixels[i], size.Width, size.Height, area, taken);
            taken.Add(box);
            var label = plot.Add.Text(points[i].Text, points[i].X, points[i].Y);
            label.LabelFontName = SvgChart.FontName;
            label.LabelFontSize = fontSize;
            label.LabelFontColor = SvgChart.InkColor;
            label.LabelAlignment = Alignment.UpperLeft;
            label.OffsetX = box.Left - pixels[i].X;
            label.OffsetY = box.Top - pixels[i].Y;
            _added.Add(label);
            if (leader)
            {
                var end = plot.GetCoordinates(new Pixel(Math.Clamp(pixels[i].X, box.Left, box.Right), box.Top > pixels[i].Y ? box.Top : box.Bottom));
                var line = plot.Add.Line(points[i].X, points[i].Y, end.X, end.Y);
                line.LineColor = SvgChart.MutedColor;
                line.LineWidth = 1;
                _added.Add(line);
            }
        }
    }

    /// <summary>The first free spot around the point (right, left, above, below, the corners), then ever farther above and below.</summary>
    private (PixelRect Box, bool Leader) Place(Pixel point, float width, float height, PixelRect area, List<PixelRect> taken)
    {
        var near = markerRadius + Gap;
        var spots = new List<(float Left, float Top, bool Leader)>
        {
            (point.X + near, point.Y - (height / 2), false),
            (point.X - near - width, point.Y - (height / 2), false),
            (point.X - (width / 2), point.Y - near - height, false),
            (point.X - (width / 2), point.Y + near, false),
            (point.X + near, point.Y - near - height, false),
            (point.X + near, point.Y + near, false),
            (point.X - near - width, point.Y - near - height, false),
            (point.X - near - width, point.Y + near, false),
        };
        for (var step = 1; step <= FartherSteps; step++)
        {
            var distance = near + (step * (height + Gap));
            foreach (var left in new[] { point.X - (width / 2), point.X + near, point.X - near - width })
            {
                spots.Add((left, point.Y - distance - height, true));
                spots.Add((left, point.Y + distance, true));
            }
        }

        foreach (var (left, top, leader) in spots)
        {
            var box = new PixelRect(left, left + width, top + height, top);
            if (box.Left >= area.Left && box.Right <= area.Right && box.Top >= area.Top && box.Bottom <= area.Bottom && !taken.Any(t => Overlap(t, box)))
            {
                return (box, leader);
            }
        }

        // Nowhere free (more names than the area holds): right of the point, where the data table behind the chart still names it.
        return (new PixelRect(point.X + near, point.X + near + width, point.Y + (height / 2), point.Y - (height / 2)), false);
    }

    private static bool Overlap(PixelRect a, PixelRect b) =>
        a.Left < b.Right + 1 && b.Left < a.Right + 1 && a.Top < b.Bottom + 1 && b.Top < a.Bottom + 1;
}
