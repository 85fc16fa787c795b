using System.Globalization;
using Crossover.Core.Formatting;

namespace Crossover.Core.Tests.Formatting;

public sealed class FormatTests
{
    [Theory]
    [InlineData(1_234_567.8, "$1,234,568")]
    [InlineData(12.345, "$12.35")]
    [InlineData(300, "$300.00")]
    [InlineData(0.0043, "$0.00430")]
    [InlineData(0.5, "$0.500")]
    [InlineData(-2_500, "−$2,500")]
    [InlineData(-1e-19, "$0")]
    public void Usd_Magnitudes_ReadNaturally(double value, string expected) => Assert.Equal(expected, Format.Usd(value));

    [Fact]
    public void Usd_AnyPositiveAmount_ReadsBackWithinHalfAPercentOrHalfADollar()
    {
        // Three significant digits below $1, cents to $1,000, whole dollars above: never off by more than that rounding.
        var random = new Random(7);
        for (var i = 0; i < 2_000; i++)
        {
            var value = Math.Pow(10, random.NextDouble() * 12 - 6);
            var text = Format.Usd(value);
            var back = double.Parse(text.TrimStart('$'), NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(back - value) <= Math.Max(0.005 * value, value >= 1_000 ? 0.5 : 0), $"{value} printed as {text}");
        }
    }

    [Theory]
    [InlineData(300, "300")]
    [InlineData(1_900, "1,900")]
    [InlineData(29_612.3, "29.61k")]
    [InlineData(223_456, "223k")]
    [InlineData(5_000_000, "5M")]
    public void Count_ExactBelowTenThousand_CompactAbove(double value, string expected) => Assert.Equal(expected, Format.Count(value));

    [Theory]
    [InlineData(0.85, "85 %")]
    [InlineData(0, "0 %")]
    [InlineData(0.9125, "91.3 %")]
    public void Percent_OneDecimalAtMost(double share, string expected) => Assert.Equal(expected, Format.Percent(share));

    [Fact]
    public void IntervalAndPoints_ShowTheirSign()
    {
        Assert.Equal("0.910 [0.880–0.930]", Format.Interval(0.91, 0.88, 0.93));
        Assert.Equal("91 % (88–93 %)", Format.PercentInterval(0.91, 0.88, 0.93));
        Assert.Equal("+1.2", Format.Points(0.012));
        Assert.Equal("−0.5", Format.Points(-0.005));
    }

    [Theory]
    [InlineData(0.075, "0.075")]
    [InlineData(2.5, "2.50")]
    [InlineData(0.1375, "0.1375")]
    [InlineData(null, "-")]
    public void Rate_KeepsTheCatalogsDigits(double? price, string expected) => Assert.Equal(expected, Format.Rate(price));
}
