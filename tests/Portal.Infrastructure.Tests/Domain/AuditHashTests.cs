using Portal.Application.Domain;
using Portal.Application.Domain.Audit;

namespace Portal.Infrastructure.Tests.Domain;

/// <summary>The canonical hash the writer and the chain verifier share (lives here until Application.Tests covers the domain).</summary>
public sealed class AuditHashTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid TeamId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    private static readonly object?[] Baseline =
        [At, "oid-alice", "Alice", "request.submitted", "ClusterRequest", "42", TeamId, "de-fra", "corr-1", "{\"cores\":4}", AuditEntry.GenesisHash];

    public static TheoryData<int, object?> ChangedFields => new()
    {
        { 0, At.AddTicks(10) },
        { 1, "oid-mallory" },
        { 2, "Alice B." },
        { 3, "request.approved" },
        { 4, "Cluster" },
        { 5, "43" },
        { 6, null },
        { 7, "es-vit" },
        { 8, "corr-2" },
        { 9, "{\"cores\":64}" },
        { 10, new string('a', 64) },
    };

    [Fact]
    public void Compute_SameFields_IsDeterministicLowercaseSha256Hex()
    {
        var first = Hash(Baseline);
        var second = Hash(Baseline);

        Assert.Equal(first, second);
        Assert.True(AuditHash.IsWellFormed(first));
    }

    [Theory]
    [MemberData(nameof(ChangedFields))]
    public void Compute_AnyFieldChanged_ChangesTheHash(int field, object? value)
    {
        var changed = (object?[])Baseline.Clone();
        changed[field] = value;

        Assert.NotEqual(Hash(Baseline), Hash(changed));
    }

    [Fact]
    public void Compute_ValueMovedBetweenAdjacentFields_ChangesTheHash()
    {
        // Length-prefixing: "ab" + "c" must not hash like "a" + "bc".
        var moved = (object?[])Baseline.Clone();
        moved[4] = "ClusterRequest4";
        moved[5] = "2";

        Assert.NotEqual(Hash(Baseline), Hash(moved));
    }

    [Fact]
    public void Compute_NullRegionAndEmptyRegion_HashDifferently()
    {
        var withNull = (object?[])Baseline.Clone();
        withNull[7] = null;
        var withEmpty = (object?[])Baseline.Clone();
        withEmpty[7] = string.Empty;

        Assert.NotEqual(Hash(withNull), Hash(withEmpty));
    }

    [Fact]
    public void AuditEntry_Created_CarriesTheCanonicalHashOfItsFields()
    {
        var entry = new AuditEntry(At, new Actor("oid-alice", "Alice"), "request.submitted", "ClusterRequest", "42", TeamId, "de-fra", "corr-1",
            "{\"cores\":4}");
        entry.Seal(1, AuditEntry.GenesisHash);

        Assert.Equal(1, entry.Sequence);
        Assert.Equal(AuditEntry.GenesisHash, entry.PreviousHash);
        Assert.Equal(Hash(Baseline), entry.Hash);
        Assert.True(entry.HasValidHash());
    }

    [Fact]
    public void AuditEntry_New_IsUnsealedWithoutHashUntilSealed()
    {
        var entry = new AuditEntry(At, Actor.System, "x.y", "T", "1", null, null, "c", "{}");

        Assert.False(entry.IsSealed);
        Assert.Null(entry.Sequence);
        Assert.Null(entry.PreviousHash);
        Assert.Null(entry.Hash);
        Assert.False(entry.HasValidHash());
        Assert.Throws<InvalidOperationException>(() => AuditHash.Compute(entry));
    }

    [Fact]
    public void AuditEntry_SealedTwice_IsRefusedAndKeepsItsFirstSeal()
    {
        var entry = new AuditEntry(At, Actor.System, "x.y", "T", "1", null, null, "c", "{}");
        entry.Seal(7, AuditEntry.GenesisHash);
        var hash = entry.Hash;

        Assert.Throws<InvalidOperationException>(() => entry.Seal(8, hash!));
        Assert.Equal(7, entry.Sequence);
        Assert.Equal(hash, entry.Hash);
    }

    [Fact]
    public void AuditEntry_LocalTimeWithSubMicrosecondTicks_IsStoredAsUtcMicroseconds()
    {
        var local = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(2)).AddTicks(15);

        var entry = new AuditEntry(local, Actor.System, "cluster.state_changed", "Cluster", "c-1", null, null, "corr", "{}");

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero).AddTicks(10), entry.OccurredAt);
    }

    [Fact]
    public void AuditEntry_MalformedPreviousHash_IsRefused()
    {
        var entry = new AuditEntry(At, Actor.System, "x.y", "T", "1", null, null, "c", "{}");

        Assert.Throws<ArgumentException>(() => entry.Seal(1, "not-a-hash"));
        Assert.False(entry.IsSealed);
    }

    private static string Hash(object?[] f) => AuditHash.Compute(
        (DateTimeOffset)f[0]!, (string)f[1]!, (string)f[2]!, (string)f[3]!, (string)f[4]!, (string)f[5]!, (Guid?)f[6], (string?)f[7],
        (string)f[8]!, (string)f[9]!, (string)f[10]!);
}
