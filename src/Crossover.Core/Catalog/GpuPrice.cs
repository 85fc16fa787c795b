namespace Crossover.Core.Catalog;

/// <summary>The on-demand price of one GPU for self-hosting or training.</summary>
/// <param name="Id">The id used in profiles (e.g. <c>lambda-h100-sxm</c>).</param>
/// <param name="Provider">The cloud selling it.</param>
/// <param name="Gpu">The GPU model, in words.</param>
/// <param name="Hourly">USD per GPU-hour.</param>
/// <param name="PeakTflops">Dense BF16 peak, TFLOP/s (for the compute view).</param>
/// <param name="MemoryGb">GPU memory in GB.</param>
/// <param name="Source">The public page the price comes from.</param>
/// <param name="Read">The date the price was read from <paramref name="Source"/>.</param>
/// <param name="Unconfirmed">Why the price could not be confirmed on the seller's own page, when it could not.</param>
public sealed record GpuPrice(string Id, string Provider, string Gpu, double Hourly, double PeakTflops, double MemoryGb, string Source, DateOnly? Read = null, string? Unconfirmed = null);
