using System.Globalization;
using System.Text;

namespace Portal.Benchmarks;

/// <summary>One measured figure: what was measured, on how much, its value and the target (null: report only).</summary>
public sealed record Figure(string Scenario, string Workload, string Name, double Value, string Unit, Target? Target = null)
{
    public string Outcome => Target is null ? "report" : Target.IsMet(Value) ? "pass" : "MISS";

    public string FormattedValue => Format(Value, Unit);

    public static string Format(double value, string unit) => unit switch
    {
        "calls" or "rows" or "entries" => value.ToString("N0", CultureInfo.InvariantCulture),
        "ratio" => value.ToString("N1", CultureInfo.InvariantCulture) + "×",
        "KB" => value.ToString("N1", CultureInfo.InvariantCulture) + " KB",
        "/s" => value.ToString("N0", CultureInfo.InvariantCulture) + " /s",
        _ => value.ToString("N1", CultureInfo.InvariantCulture) + " " + unit,
    };
}

/// <summary>A target: the value must be at most (or at least) the bound.</summary>
public sealed record Target(double Bound, bool AtMost, string Unit)
{
    public static Target Below(double bound, string unit) => new(bound, true, unit);

    public static Target AtLeast(double bound, string unit) => new(bound, false, unit);

    public bool IsMet(double value) => AtMost ? value <= Bound : value >= Bound;

    public override string ToString() => (AtMost ? "≤ " : "≥ ") + Figure.Format(Bound, Unit);
}

/// <summary>Percentiles over samples in milliseconds (nearest rank).</summary>
public static class Percentile
{
    public static double Of(IReadOnlyCollection<double> samples, double percentile)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>The figures of one run, printed as a Markdown table (pasteable into docs/performance.md).</summary>
public sealed class FigureTable
{
    private readonly List<Figure> _figures = [];

    public IReadOnlyList<Figure> Figures => _figures;

    public void Add(Figure figure)
    {
        _figures.Add(figure);
        Console.WriteLine($"  {figure.Scenario} · {figure.Name}: {figure.FormattedValue} ({figure.Outcome})");
    }

    public string ToMarkdown()
    {
        var rows = _figures.Select(f => new[] { f.Scenario, f.Workload, f.Name, f.FormattedValue, f.Target?.ToString() ?? "—", f.Outcome }).ToList();
        string[] header = ["scenario", "workload", "figure", "value", "target", "pass/miss"];
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells) =>
            text.Append("| ").AppendJoin(" | ", cells.Select((c, i) => c.PadRight(widths[i]))).Append(" |\n");
        Line(header);
        Line([.. widths.Select(w => new string('-', w))]);
        foreach (var row in rows)
        {
            Line(row);
        }

        return text.ToString();
    }
}
