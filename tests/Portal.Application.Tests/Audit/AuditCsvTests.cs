using System.Text;
using Portal.Application.Audit;

namespace Portal.Application.Tests.Audit;

public sealed class AuditCsvTests
{
    [Fact]
    public void FormatRow_QuotesCommasNewlines_AreQuotedWithQuotesDoubled()
    {
        var line = AuditCsv.FormatRow(["plain", "a,b", "say \"hi\"", "two\nlines", "cr\r\nlf"]);

        Assert.Equal("\"plain\",\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\nlf\"\r\n", line);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("safe=1", "safe=1")]
    [InlineData("", "")]
    public void Neutralise_CellsASpreadsheetWouldEvaluate_GetALeadingApostrophe(string value, string expected)
    {
        Assert.Equal(expected, AuditCsv.Neutralise(value));
    }

    [Fact]
    public void FormatRecord_FormulaInActorName_IsNeutralisedAndQuoted()
    {
        var line = AuditCsv.FormatRecord(Record(actorName: "=cmd|' /C calc'!A0", details: "{\"a\":\"x,y\"}"));

        Assert.Contains("\"'=cmd|' /C calc'!A0\"", line, StringComparison.Ordinal);
        Assert.Contains("\"{\"\"a\"\":\"\"x,y\"\"}\"", line, StringComparison.Ordinal);
        Assert.StartsWith("\"42\",\"2026-03-02T08:00:00.000001Z\",", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_Records_WritesHeaderThenOneLinePerRecordWithCrlf()
    {
        var builder = new StringBuilder();
        await using var writer = new StringWriter(builder);

        await AuditCsv.WriteAsync(Records(Record(id: 2), Record(id: 1, teamSlug: null)), writer, flushEvery: 1, TestContext.Current.CancellationToken);

        var lines = builder.ToString().Split("\r\n");
        Assert.Equal(4, lines.Length); // header, two rows, and the empty remainder after the last CRLF
        Assert.Equal("\"id\",\"occurred_at_utc\",\"actor_id\",\"actor_name\",\"action\",\"target_type\",\"target_id\",\"team\",\"region\",\"correlation_id\",\"details\"", lines[0]);
        Assert.StartsWith("\"2\",", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"payments\"", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"0f8fad5b-d9cb-469f-a165-70867728950e\"", lines[2], StringComparison.Ordinal);
        Assert.Equal("", lines[3]);
    }

    internal static AuditRecord Record(long id = 42, string actorName = "Alice", string details = "{}", string? teamSlug = "payments") => new(
        id, new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero).AddTicks(10), "oid-alice", actorName, "request.submitted", "ClusterRequest",
        "r-1", Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), teamSlug, "de-fra", "corr-1", details);

    private static async IAsyncEnumerable<AuditRecord> Records(params AuditRecord[] records)
    {
        foreach (var record in records)
        {
            await Task.Yield();
            yield return record;
        }
    }
}
