using System.Text.Json;
using System.Text.Json.Nodes;
using Ionos.PostgreSql.Models;
using Ionos.PostgreSql.Serialization;
using Ionos.PostgreSql.Tests.Fakes;

namespace Ionos.PostgreSql.Tests.Serialization;

public class ContractSerializationTests
{
    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, IonosJson.Options)!;

    private static JsonNode Write<T>(T value) => JsonNode.Parse(JsonSerializer.Serialize(value, IonosJson.Options))!;

    private static ClusterProperties ExampleProperties() => new()
    {
        Name = "cms-prod",
        Description = "Production PostgreSQL cluster",
        Version = "17",
        Instances = new InstanceConfiguration { Count = 1, Cores = 2, Ram = 4, StorageSize = 10 },
        Connection = new ClusterConnection
        {
            DatacenterId = "5a029f4a-72e5-11ec-90d6-0242ac120003",
            LanId = "2",
            PrimaryInstanceAddress = "192.168.1.100/24",
        },
        MaintenanceWindow = new MaintenanceWindow { Time = "09:00:00", DayOfTheWeek = DayOfWeek.Sunday },
        ReplicationMode = ReplicationMode.Asynchronous,
        Credentials = new PostgresCredentials { Username = "my_dbuser", Password = "P@ssw0rd123", Database = "my_database" },
        ConnectionPooler = ConnectionPooler.Disabled,
        LogsEnabled = false,
        MetricsEnabled = false,
        Backup = new ClusterBackup { Location = "eu-central-3", RetentionDays = 7 },
    };

    [Fact]
    public void ClusterCreateRequest_ContractExample_SerializesToExactlyTheExamplePayload()
    {
        var written = Write(new ClusterCreateRequest { Properties = ExampleProperties() });

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Payloads.CreateRequest), written), written.ToJsonString());
    }

    [Fact]
    public void ClusterCreateRequest_ContractExample_RoundTripsUnchanged()
    {
        var read = Read<ClusterCreateRequest>(Payloads.CreateRequest);

        Assert.Equal(ExampleProperties(), read.Properties);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Payloads.CreateRequest), Write(read)));
    }

    [Fact]
    public void ClusterRead_ContractExampleResponse_ReadsEveryField()
    {
        var cluster = Read<ClusterRead>(Payloads.ClusterResponse);

        Assert.Equal(Payloads.ClusterId, cluster.Id);
        Assert.Equal("cluster", cluster.Type);
        Assert.Equal($"https://postgresql.de-txl.ionos.com/clusters/{Payloads.ClusterId}", cluster.Href);
        var metadata = cluster.Metadata!;
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), metadata.CreatedDate);
        Assert.Equal("john.doe@example.com", metadata.CreatedBy);
        Assert.Equal("87f9a82e-b28d-49ed-9d04-fba2c0459cd3", metadata.CreatedByUserId);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), metadata.LastModifiedDate);
        Assert.Equal("john.doe@example.com", metadata.LastModifiedBy);
        Assert.Equal("87f9a82e-b28d-49ed-9d04-fba2c0459cd3", metadata.LastModifiedByUserId);
        Assert.StartsWith("ionos:dbaas:postgresql:de-txl:", metadata.ResourceUrn);
        Assert.Equal(ClusterState.Provisioning, metadata.State);
        Assert.Equal("PROVISIONING", metadata.StateRaw);
        Assert.Equal("pg-abcdefgh12345678.postgresql.de-txl.ionos.com", metadata.DnsName);
        Assert.Equal(ExampleProperties() with { Credentials = null }, cluster.Properties);
    }

    [Fact]
    public void ClusterEnsureRequest_Serialized_HasIdAndPropertiesOnly()
    {
        var written = Write(new ClusterEnsureRequest { Id = Payloads.ClusterId, Properties = ExampleProperties() });

        Assert.Equal(["id", "properties"], written.AsObject().Select(p => p.Key).Order());
        Assert.Equal(Payloads.ClusterId, (string?)written["id"]);
        Assert.Equal("P@ssw0rd123", (string?)written["properties"]!["credentials"]!["password"]);
    }

    [Fact]
    public void ClusterProperties_NullOptionalFields_AreOmittedNotWrittenAsNull()
    {
        var written = Write(new ClusterProperties { Name = "a", Version = "17" });

        Assert.Equal(["name", "version"], written.AsObject().Select(p => p.Key).Order());
    }

    [Fact]
    public void RestoreFromBackup_TimestampWithOffset_IsWrittenAsUtcEndingInZ()
    {
        var restore = new ClusterRestoreFromBackup
        {
            SourceBackupId = "b0000000-0000-0000-0000-000000000001",
            RecoveryTargetDatetime = new DateTimeOffset(2026, 3, 1, 14, 30, 0, TimeSpan.FromHours(2)),
        };

        var written = Write(restore);

        Assert.Equal("2026-03-01T12:30:00Z", (string?)written["recoveryTargetDatetime"]);
        Assert.Equal("b0000000-0000-0000-0000-000000000001", (string?)written["sourceBackupId"]);
    }

    [Fact]
    public void Timestamp_WithoutZone_IsReadAsUtc()
    {
        var backup = Read<Backup>("""{ "earliestRecoveryTargetTime": "2026-03-01T12:00:00" }""");

        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), backup.EarliestRecoveryTargetTime);
    }

    [Theory]
    [InlineData("\"PROVISIONING\"", ClusterState.Provisioning)]
    [InlineData("\"AVAILABLE\"", ClusterState.Available)]
    [InlineData("\"UPDATING\"", ClusterState.Updating)]
    [InlineData("\"DESTROYING\"", ClusterState.Destroying)]
    [InlineData("\"FAILED\"", ClusterState.Failed)]
    [InlineData("\"PROVISIONED\"", ClusterState.Available)]
    [InlineData("\"available\"", ClusterState.Available)]
    [InlineData("\"\"", ClusterState.Unknown)]
    [InlineData("\"BUSY\"", ClusterState.Unknown)]
    [InlineData("\"UNKNOWN\"", ClusterState.Unknown)]
    [InlineData("null", ClusterState.Unknown)]
    [InlineData("42", ClusterState.Unknown)]
    public void ClusterMetadataState_AnyValue_ParsesTolerantly(string stateJson, ClusterState expected)
    {
        var cluster = Read<ClusterRead>(Payloads.ClusterWithState(Payloads.ClusterId, stateJson));

        Assert.Equal(expected, cluster.Metadata!.State);
    }

    [Fact]
    public void ClusterMetadataState_UnknownValue_KeepsRawStringForDisplay()
    {
        var cluster = Read<ClusterRead>(Payloads.ClusterWithState(Payloads.ClusterId, "\"BUSY\""));

        Assert.Equal("BUSY", cluster.Metadata!.StateRaw);
        Assert.Equal(ClusterState.Unknown, cluster.Metadata.State);
    }

    [Fact]
    public void ClusterMetadataState_Missing_IsUnknown()
    {
        var cluster = Read<ClusterRead>("""{ "id": "x", "metadata": {}, "properties": {} }""");

        Assert.Equal(ClusterState.Unknown, cluster.Metadata!.State);
        Assert.Null(cluster.Metadata.StateRaw);
    }

    [Fact]
    public void ClusterProperties_UnknownEnumValues_ReadAsNullInsteadOfFailing()
    {
        var properties = Read<ClusterProperties>("""
            { "name": "a", "replicationMode": "SYNCHRONOUS", "connectionPooler": "", "maintenanceWindow": { "time": "01:00:00", "dayOfTheWeek": "Funday" } }
            """);

        Assert.Equal("a", properties.Name);
        Assert.Null(properties.ReplicationMode);
        Assert.Null(properties.ConnectionPooler);
        Assert.Null(properties.MaintenanceWindow!.DayOfTheWeek);
        Assert.Equal("01:00:00", properties.MaintenanceWindow.Time);
    }

    [Theory]
    [InlineData(ReplicationMode.Asynchronous, "ASYNCHRONOUS")]
    [InlineData(ReplicationMode.StrictlySynchronous, "STRICTLY_SYNCHRONOUS")]
    public void ReplicationMode_Written_UsesContractString(ReplicationMode mode, string wire)
    {
        var written = Write(new ClusterProperties { ReplicationMode = mode });

        Assert.Equal(wire, (string?)written["replicationMode"]);
        Assert.Equal(mode, Read<ClusterProperties>(written.ToJsonString()).ReplicationMode);
    }

    [Theory]
    [InlineData(ConnectionPooler.Disabled, "DISABLED")]
    [InlineData(ConnectionPooler.Transaction, "TRANSACTION")]
    [InlineData(ConnectionPooler.Session, "SESSION")]
    public void ConnectionPooler_Written_UsesContractString(ConnectionPooler pooler, string wire)
    {
        var written = Write(new ClusterProperties { ConnectionPooler = pooler });

        Assert.Equal(wire, (string?)written["connectionPooler"]);
        Assert.Equal(pooler, Read<ClusterProperties>(written.ToJsonString()).ConnectionPooler);
    }

    [Fact]
    public void DayOfTheWeek_EveryDay_WrittenCapitalisedAndReadBack()
    {
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var written = Write(new MaintenanceWindow { Time = "09:00:00", DayOfTheWeek = day });

            Assert.Equal(day.ToString(), (string?)written["dayOfTheWeek"]);
            Assert.Equal(day, Read<MaintenanceWindow>(written.ToJsonString()).DayOfTheWeek);
        }
    }

    [Fact]
    public void ClusterRead_UnknownProperties_AreIgnored()
    {
        var cluster = Read<ClusterRead>("""
            { "id": "x", "futureField": { "a": [1, 2] }, "metadata": { "state": "AVAILABLE", "newThing": true },
              "properties": { "name": "n", "storageType": "SSD", "instances": { "count": 2, "iops": 5 } } }
            """);

        Assert.Equal("n", cluster.Properties!.Name);
        Assert.Equal(2, cluster.Properties.Instances!.Count);
        Assert.Equal(ClusterState.Available, cluster.Metadata!.State);
    }

    [Fact]
    public void PostgresCredentials_ToString_DoesNotContainPassword()
    {
        var credentials = new PostgresCredentials { Username = "my_dbuser", Password = "P@ssw0rd123", Database = "my_database" };

        var text = credentials.ToString();

        Assert.DoesNotContain("P@ssw0rd123", text);
        Assert.Contains("my_dbuser", text);
        Assert.Contains("***", text);
    }

    [Fact]
    public void ClusterRequests_ToString_DoNotContainPassword()
    {
        var properties = ExampleProperties();

        Assert.DoesNotContain("P@ssw0rd123", properties.ToString());
        Assert.DoesNotContain("P@ssw0rd123", new ClusterCreateRequest { Properties = properties }.ToString());
        Assert.DoesNotContain("P@ssw0rd123", new ClusterEnsureRequest { Id = "x", Properties = properties }.ToString());
    }

    [Fact]
    public void ResourceList_Envelope_ReadsItemsPagingAndLinks()
    {
        var page = Read<ResourceList<ClusterRead>>(Payloads.ClusterPage(offset: 10, limit: 2, count: 2, withNext: true));

        Assert.Equal("list", page.Id);
        Assert.Equal("collection", page.Type);
        Assert.Equal("https://postgresql.de-txl.ionos.com/clusters", page.Href);
        Assert.Equal(2, page.Items.Count);
        Assert.Equal(10, page.Offset);
        Assert.Equal(2, page.Limit);
        Assert.Equal("https://postgresql.de-txl.ionos.com/clusters?offset=10&limit=2", page.Links!.Self);
        Assert.Equal("https://postgresql.de-txl.ionos.com/clusters?offset=12&limit=2", page.Links.Next);
        Assert.Null(page.Links.Prev);
    }

    [Fact]
    public void ResourceList_MissingOrNullItems_ReadsAsEmpty()
    {
        Assert.Empty(Read<ResourceList<ClusterRead>>("""{ "id": "l", "offset": 0, "limit": 100, "_links": {} }""").Items);
        Assert.Empty(Read<ResourceList<ClusterRead>>("""{ "id": "l", "items": null, "offset": 0, "limit": 100 }""").Items);
    }

    [Fact]
    public void BackupRead_ContractFields_AreRead()
    {
        var backup = Read<BackupRead>("""
            { "id": "b1", "type": "backup", "href": "h", "metadata": { "state": "AVAILABLE", "createdDate": "2026-03-01T00:00:00Z", "extra": 1 },
              "properties": { "clusterId": "c1", "postgresClusterVersion": "16", "isActive": true,
                "earliestRecoveryTargetTime": "2026-03-01T00:00:00Z", "latestRecoveryTargetTime": null, "location": "eu-central-3" } }
            """);

        Assert.Equal("b1", backup.Id);
        Assert.Equal("AVAILABLE", backup.Metadata!.State);
        Assert.True(backup.Metadata.AdditionalProperties!.ContainsKey("extra"));
        var p = backup.Properties!;
        Assert.Equal("c1", p.ClusterId);
        Assert.Equal("16", p.PostgresClusterVersion);
        Assert.True(p.IsActive);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), p.EarliestRecoveryTargetTime);
        Assert.Null(p.LatestRecoveryTargetTime);
        Assert.Equal("eu-central-3", p.Location);
    }

    [Fact]
    public void PostgresVersionRead_ContractFields_AreRead()
    {
        var version = Read<PostgresVersionRead>("""
            { "id": "v1", "type": "version", "href": "h", "metadata": {},
              "properties": { "version": "16", "status": "SUPPORTED", "comment": "ok", "canUpgradeTo": ["17"] } }
            """);

        Assert.Equal(new PostgresVersion { Version = "16", Status = "SUPPORTED", Comment = "ok", CanUpgradeTo = version.Properties!.CanUpgradeTo }, version.Properties);
        Assert.Equal(["17"], version.Properties.CanUpgradeTo!);
    }

    [Fact]
    public void BackupLocationRead_Location_IsRead()
    {
        var location = Read<BackupLocationRead>("""{ "id": "l1", "type": "location", "href": "h", "metadata": {}, "properties": { "location": "eu-central-4" } }""");

        Assert.Equal("l1", location.Id);
        Assert.Equal("eu-central-4", location.Properties!.Location);
    }

    [Fact]
    public void IonosError_Body_ReadsStatusAndMessages()
    {
        var error = Read<IonosError>(Payloads.ValidationError);

        Assert.Equal(422, error.HttpStatus);
        var message = Assert.Single(error.Messages!);
        Assert.Equal("VALIDATION_FAILED", message.ErrorCode);
        Assert.Equal("instances.cores must be between 1 and 62", message.Message);
    }
}
