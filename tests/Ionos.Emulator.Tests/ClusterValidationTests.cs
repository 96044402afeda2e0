using System.Net;
using System.Text.Json.Nodes;
using static Ionos.Emulator.Tests.EmulatorHarness;

namespace Ionos.Emulator.Tests;

public sealed class ClusterValidationTests
{
    /// <summary>Posts the valid body with one value replaced (JSON literal; "-" removes the key) and checks 201 or 422 naming the field.</summary>
    private static async Task AssertPostAsync(string path, string json, bool valid, string? messageContains = null, Action<JsonObject>? also = null)
    {
        await using var emulator = await StartAsync();
        var body = With(ClusterBody(), path, json == "-" ? null : JsonNode.Parse(json));
        also?.Invoke(body);

        using var response = await emulator.PostClusterAsync(body);

        if (valid)
        {
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        }
        else
        {
            await AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, messageContains ?? path);
        }
    }

    [Theory]
    [InlineData("0", false)]
    [InlineData("1", true)]
    [InlineData("62", true)]
    [InlineData("63", false)]
    [InlineData("2.5", false)]
    [InlineData("\"2\"", false)]
    public Task PostCluster_Cores_MustBeBetween1And62(string value, bool valid) =>
        AssertPostAsync("properties.instances.cores", value, valid,
            value is "2.5" or "\"2\"" ? "properties.instances.cores must be an integer" : "properties.instances.cores must be between 1 and 62");

    [Theory]
    [InlineData("3", false)]
    [InlineData("4", true)]
    [InlineData("240", true)]
    [InlineData("241", false)]
    public Task PostCluster_Ram_MustBeBetween4And240(string value, bool valid) =>
        AssertPostAsync("properties.instances.ram", value, valid, "properties.instances.ram must be between 4 and 240");

    [Theory]
    [InlineData("9", false)]
    [InlineData("10", true)]
    [InlineData("4096", true)]
    [InlineData("4097", false)]
    public Task PostCluster_StorageSize_MustBeBetween10And4096(string value, bool valid) =>
        AssertPostAsync("properties.instances.storageSize", value, valid, "properties.instances.storageSize must be between 10 and 4096");

    [Theory]
    [InlineData("0", false)]
    [InlineData("1", true)]
    [InlineData("5", true)]
    [InlineData("6", false)]
    public Task PostCluster_Count_MustBeBetween1And5(string value, bool valid) =>
        AssertPostAsync("properties.instances.count", value, valid, "properties.instances.count must be between 1 and 5");

    [Theory]
    [InlineData("0", false)]
    [InlineData("1", true)]
    [InlineData("365", true)]
    [InlineData("366", false)]
    public Task PostCluster_RetentionDays_MustBeBetween1And365(string value, bool valid) =>
        AssertPostAsync("properties.backup.retentionDays", value, valid, "properties.backup.retentionDays must be between 1 and 365");

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(63, true)]
    [InlineData(64, false)]
    public Task PostCluster_NameLength_MustBeBetween2And63(int length, bool valid) =>
        AssertPostAsync("properties.name", $"\"{new string('a', length)}\"", valid, "properties.name must be between 2 and 63");

    [Theory]
    [InlineData("-abc", false)]
    [InlineData("abc-", false)]
    [InlineData(".abc", false)]
    [InlineData("ab c", false)]
    [InlineData("ab/c", false)]
    [InlineData("äbc", false)]
    [InlineData("a.b_c-D9", true)]
    public Task PostCluster_NameCharacters_FollowThePattern(string name, bool valid) =>
        AssertPostAsync("properties.name", $"\"{name}\"", valid, "properties.name must begin and end with an alphanumeric");

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public Task PostCluster_StrictlySynchronous_NeedsThreeInstances(int count, bool valid) =>
        AssertPostAsync("properties.replicationMode", "\"STRICTLY_SYNCHRONOUS\"", valid, "STRICTLY_SYNCHRONOUS requires properties.instances.count of at least 3",
            body => body["properties"]!["instances"]!["count"] = count);

    [Theory]
    [InlineData("properties.replicationMode", "\"SYNCHRONOUS\"")]
    [InlineData("properties.maintenanceWindow.dayOfTheWeek", "\"sunday\"")]
    [InlineData("properties.maintenanceWindow.dayOfTheWeek", "\"Sun\"")]
    [InlineData("properties.connectionPooler", "\"ENABLED\"")]
    [InlineData("properties.connectionPooler", "\"transaction\"")]
    public Task PostCluster_ValueOutsideEnum_Returns422(string path, string value) =>
        AssertPostAsync(path, value, valid: false, $"{path} must be one of");

    [Theory]
    [InlineData("\"SESSION\"", true)]
    [InlineData("\"DISABLED\"", true)]
    public Task PostCluster_PoolerEnumValues_AreAccepted(string value, bool valid) =>
        AssertPostAsync("properties.connectionPooler", value, valid);

    [Theory]
    [InlineData("09:00:00", true)]
    [InlineData("23:59:59", true)]
    [InlineData("24:00:00", false)]
    [InlineData("9:00:00", false)]
    [InlineData("09:00", false)]
    [InlineData("09:60:00", false)]
    public Task PostCluster_MaintenanceTime_MustBeHHMMSS(string value, bool valid) =>
        AssertPostAsync("properties.maintenanceWindow.time", $"\"{value}\"", valid, "properties.maintenanceWindow.time must be a UTC time");

    [Theory]
    [InlineData("properties.name")]
    [InlineData("properties.version")]
    [InlineData("properties.instances")]
    [InlineData("properties.instances.count")]
    [InlineData("properties.instances.cores")]
    [InlineData("properties.instances.ram")]
    [InlineData("properties.instances.storageSize")]
    [InlineData("properties.connection")]
    [InlineData("properties.connection.datacenterId")]
    [InlineData("properties.connection.lanId")]
    [InlineData("properties.connection.primaryInstanceAddress")]
    [InlineData("properties.maintenanceWindow")]
    [InlineData("properties.maintenanceWindow.time")]
    [InlineData("properties.maintenanceWindow.dayOfTheWeek")]
    [InlineData("properties.replicationMode")]
    [InlineData("properties.credentials")]
    [InlineData("properties.credentials.username")]
    [InlineData("properties.credentials.password")]
    [InlineData("properties.credentials.database")]
    [InlineData("properties.backup")]
    [InlineData("properties.backup.location")]
    [InlineData("properties.backup.retentionDays")]
    public Task PostCluster_RequiredFieldMissing_Returns422NamingIt(string path) =>
        AssertPostAsync(path, "-", valid: false, $"{path} is required");

    [Theory]
    [InlineData("properties.description")]
    [InlineData("properties.connectionPooler")]
    [InlineData("properties.logsEnabled")]
    [InlineData("properties.metricsEnabled")]
    public Task PostCluster_OptionalFieldMissing_IsAccepted(string path) =>
        AssertPostAsync(path, "-", valid: true);

    [Fact]
    public async Task PostCluster_SeveralViolations_ReturnsOneMessageEach()
    {
        await using var emulator = await StartAsync();
        var body = ClusterBody();
        body["properties"]!["instances"]!["cores"] = 0;
        body["properties"]!["instances"]!["ram"] = 241;
        body["properties"]!["backup"]!["retentionDays"] = 0;

        using var response = await emulator.PostClusterAsync(body);
        var error = await ReadAsync(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(
            ["properties.instances.cores must be between 1 and 62", "properties.instances.ram must be between 4 and 240", "properties.backup.retentionDays must be between 1 and 365"],
            Messages(error));
    }

    [Theory]
    [InlineData("P@ssw0rd", true, null)]
    [InlineData("P@ssw0r", false, "be at least 8 characters long")]
    [InlineData("P@SSW0RD1", false, "contain at least one lowercase letter")]
    [InlineData("p@ssw0rd1", false, "contain at least one uppercase letter")]
    [InlineData("P@ssword!", false, "contain at least one digit")]
    [InlineData("Passw0rd1", false, "contain at least one special character from @$!%*?&")]
    public Task PostCluster_Password_NeedsEveryCharacterClass(string password, bool valid, string? rule) =>
        AssertPostAsync("properties.credentials.password", $"\"{password}\"", valid, $"properties.credentials.password must {rule}");

    [Theory]
    [InlineData("postgres", false, "is reserved")]
    [InlineData("admin", false, "is reserved")]
    [InlineData("standby", false, "is reserved")]
    [InlineData("Postgres", false, "is reserved")]
    [InlineData("abcdefghijklmnop", true, null)]
    [InlineData("abcdefghijklmnopq", false, "1 to 16 characters")]
    [InlineData("user-name", false, "1 to 16 characters")]
    [InlineData("app_user_1", true, null)]
    public Task PostCluster_Username_IsShortIdentifierAndNotReserved(string username, bool valid, string? message) =>
        AssertPostAsync("properties.credentials.username", $"\"{username}\"", valid, $"properties.credentials.username {(message == "is reserved" ? $"'{username}' is reserved" : "must be " + message)}");

    [Theory]
    [InlineData(63, "a", true)]
    [InlineData(64, "a", false)]
    [InlineData(5, "-", false)]
    public Task PostCluster_Database_IsIdentifierUpTo63(int length, string fill, bool valid) =>
        AssertPostAsync("properties.credentials.database", $"\"{new string(fill[0], length)}\"", valid, "properties.credentials.database must be 1 to 63 characters");

    [Theory]
    [InlineData("99", false)]
    [InlineData("17", true)]
    [InlineData("13", true)]
    public Task PostCluster_Version_MustExist(string version, bool valid) =>
        AssertPostAsync("properties.version", $"\"{version}\"", valid, "properties.version '99' is not an available PostgreSQL version");

    [Theory]
    [InlineData("eu-central-1", false)]
    [InlineData("eu-central-4", true)]
    [InlineData("de", true)]
    public Task PostCluster_BackupLocation_MustExist(string location, bool valid) =>
        AssertPostAsync("properties.backup.location", $"\"{location}\"", valid, "properties.backup.location 'eu-central-1' is not a known backup location");

    [Theory]
    [InlineData("not-a-uuid", false)]
    [InlineData("5a029f4a72e511ec90d60242ac120003", false)]
    [InlineData("c1a2b3d4-0000-4000-8000-00000000f4a1", true)]
    public Task PostCluster_DatacenterId_MustBeUuid(string value, bool valid) =>
        AssertPostAsync("properties.connection.datacenterId", $"\"{value}\"", valid, "properties.connection.datacenterId must be a UUID");

    [Theory]
    [InlineData("\"2\"", true)]
    [InlineData("\"lan2\"", false)]
    [InlineData("\"-1\"", false)]
    public Task PostCluster_LanId_MustBeNumericString(string value, bool valid) =>
        AssertPostAsync("properties.connection.lanId", value, valid, "properties.connection.lanId must be a numeric string");

    [Fact]
    public Task PostCluster_LanIdAsNumber_Returns422() =>
        AssertPostAsync("properties.connection.lanId", "2", valid: false, "properties.connection.lanId must be a string");

    [Theory]
    [InlineData("192.168.1.100/24", true)]
    [InlineData("10.207.255.255/16", true)]
    [InlineData("10.224.0.1/16", true)]
    [InlineData("192.168.1.100", false)]
    [InlineData("192.168.1/24", false)]
    [InlineData("192.168.1.300/24", false)]
    [InlineData("192.168.1.100/33", false)]
    [InlineData("fe80::1/64", false)]
    public Task PostCluster_PrimaryInstanceAddress_MustBeIpv4Cidr(string value, bool valid) =>
        AssertPostAsync("properties.connection.primaryInstanceAddress", $"\"{value}\"", valid, "properties.connection.primaryInstanceAddress must be an IPv4 address with prefix length");

    [Theory]
    [InlineData("10.208.0.1/24")]
    [InlineData("10.223.255.254/16")]
    public Task PostCluster_PrimaryInstanceAddressInReservedRange_Returns422(string value) =>
        AssertPostAsync("properties.connection.primaryInstanceAddress", $"\"{value}\"", valid: false, "must not be inside the reserved range 10.208.0.0/12");

    [Fact]
    public Task PostCluster_RestoreFromUnknownBackup_Returns422() =>
        AssertPostAsync("properties.restoreFromBackup", $"{{\"sourceBackupId\":\"{Guid.NewGuid()}\"}}", valid: false, "properties.restoreFromBackup.sourceBackupId");

    [Fact]
    public Task PostCluster_RestoreInPlaceFormOnCreate_Returns422() =>
        AssertPostAsync("properties.restoreFromBackup", "{\"recoveryTargetDatetime\":\"2026-03-01T12:00:00Z\"}", valid: false,
            "properties.restoreFromBackup.sourceBackupId is required when creating a cluster");

    [Theory]
    [InlineData("16", "2026-03-01T12:02:00Z", true, null)]
    [InlineData("17", null, true, null)]
    [InlineData("15", null, false, "properties.version must be 16 or newer")]
    [InlineData("16", "2026-03-01T12:00:10Z", false, "recoveryTargetDatetime")]
    [InlineData("16", "2026-03-01T12:00:05Z", false, "recoveryTargetDatetime")]
    [InlineData("16", "2026-03-01T13:00:00Z", false, "recoveryTargetDatetime")]
    public async Task PostCluster_RestoreFromBackup_ChecksVersionAndRecoveryWindow(string version, string? target, bool valid, string? message)
    {
        await using var emulator = await StartAsync();
        var sourceId = await emulator.CreateAvailableClusterAsync();
        emulator.Clock.Advance(TimeSpan.FromMinutes(5));
        var backupId = (await emulator.GetJsonAsync($"backups?filter.clusterId={sourceId}"))["items"]![0]!["id"]!.GetValue<string>();
        var body = ClusterBody("restored");
        body["properties"]!["version"] = version;
        var restore = new JsonObject { ["sourceBackupId"] = backupId };
        if (target is not null)
        {
            restore["recoveryTargetDatetime"] = target;
        }

        body["properties"]!["restoreFromBackup"] = restore;

        using var response = await emulator.PostClusterAsync(body);

        if (valid)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        else
        {
            await AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, message);
        }
    }

    [Theory]
    [InlineData("17", HttpStatusCode.OK)]
    [InlineData("16", HttpStatusCode.OK)]
    [InlineData("15", HttpStatusCode.UnprocessableEntity)]
    [InlineData("18", HttpStatusCode.UnprocessableEntity)]
    [InlineData("99", HttpStatusCode.UnprocessableEntity)]
    public async Task PutCluster_Version_OnlySameOrCanUpgradeTo(string version, HttpStatusCode expected)
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateAvailableClusterAsync();
        var body = EnsureBody(id);
        body["properties"]!["version"] = version;

        using var response = await emulator.PutClusterAsync(id, body);

        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(version, (await ReadAsync(response))["properties"]!["version"]!.GetValue<string>());
        }
        else
        {
            await AssertErrorAsync(response, expected, "properties.version");
        }
    }

    [Fact]
    public async Task PutCluster_UpgradeFromDeprecated_AcceptsEveryCanUpgradeToValue()
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateAvailableClusterAsync(With(ClusterBody(), "properties.version", "13"));
        var body = With(EnsureBody(id), "properties.version", "15");

        using var response = await emulator.PutClusterAsync(id, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("properties.connection.datacenterId", "c1a2b3d4-0000-4000-8000-00000000f4a1", "properties.connection cannot be changed")]
    [InlineData("properties.connection.lanId", "3", "properties.connection cannot be changed")]
    [InlineData("properties.connection.primaryInstanceAddress", "192.168.1.101/24", "properties.connection cannot be changed")]
    [InlineData("properties.backup.location", "eu-central-4", "properties.backup.location cannot be changed")]
    public async Task PutCluster_ImmutableFieldChanged_Returns422(string path, string value, string message)
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateAvailableClusterAsync();

        using var response = await emulator.PutClusterAsync(id, With(EnsureBody(id), path, value));

        await AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, message);
    }

    [Theory]
    [InlineData(19, HttpStatusCode.UnprocessableEntity)]
    [InlineData(20, HttpStatusCode.OK)]
    [InlineData(21, HttpStatusCode.OK)]
    public async Task PutCluster_StorageSize_CannotShrink(int storage, HttpStatusCode expected)
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateAvailableClusterAsync();

        using var response = await emulator.PutClusterAsync(id, With(EnsureBody(id), "properties.instances.storageSize", storage));

        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(expected, response.StatusCode);
        }
        else
        {
            await AssertErrorAsync(response, expected, "properties.instances.storageSize cannot be decreased");
        }
    }

    [Theory]
    [InlineData("properties.instances.cores", 8)]
    [InlineData("properties.instances.ram", 16)]
    [InlineData("properties.instances.count", 3)]
    [InlineData("properties.backup.retentionDays", 14)]
    public async Task PutCluster_MutableField_IsApplied(string path, int value)
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateAvailableClusterAsync();

        using var response = await emulator.PutClusterAsync(id, With(EnsureBody(id), path, value));
        var json = await ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var node = path.Split('.').Aggregate((JsonNode)json, (n, key) => n[key]!);
        Assert.Equal(value, node.GetValue<int>());
    }

    [Fact]
    public async Task PutCluster_InvalidValue_Returns422()
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateAvailableClusterAsync();

        using var response = await emulator.PutClusterAsync(id, With(EnsureBody(id), "properties.instances.cores", 63));

        await AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "properties.instances.cores must be between 1 and 62");
    }

    [Fact]
    public async Task PutCluster_InPlaceRestoreWithinWindow_IsAccepted()
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateAvailableClusterAsync();
        emulator.Clock.Advance(TimeSpan.FromMinutes(5));
        var body = EnsureBody(id);
        body["properties"]!["restoreFromBackup"] = new JsonObject { ["recoveryTargetDatetime"] = "2026-03-01T12:03:00Z" };
        var outside = EnsureBody(id);
        outside["properties"]!["restoreFromBackup"] = new JsonObject { ["recoveryTargetDatetime"] = "2026-03-01T11:00:00Z" };

        using var rejected = await emulator.PutClusterAsync(id, outside);
        using var accepted = await emulator.PutClusterAsync(id, body);

        await AssertErrorAsync(rejected, HttpStatusCode.UnprocessableEntity, "recoveryTargetDatetime");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.False((await ReadAsync(accepted))["properties"]!.AsObject().ContainsKey("restoreFromBackup"));
    }
}
