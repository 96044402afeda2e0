using System.Text.Json;
using Portal.Application.Domain.Requests;
using Portal.Infrastructure.Ionos;
using Portal.Infrastructure.Tests.Persistence;

namespace Portal.Infrastructure.Tests.Ionos;

public sealed class ClusterPayloadPreviewTests
{
    private readonly ClusterPayloadPreview _preview = new();

    [Fact]
    public void RenderCreateBody_SampleSpec_IsTheExactIndentedContractBodyWithPasswordMasked()
    {
        var spec = TestData.Spec("orders-prod");

        var json = _preview.RenderCreateBody(spec);

        Assert.Equal(
            """
            {
              "properties": {
                "name": "orders-prod",
                "description": "orders database",
                "version": "17",
                "instances": {
                  "count": 3,
                  "ram": 16,
                  "cores": 4,
                  "storageSize": 100
                },
                "connection": {
                  "datacenterId": "9a1b2c3d-0000-4000-8000-000000000001",
                  "lanId": "2",
                  "primaryInstanceAddress": "192.168.1.100/24"
                },
                "maintenanceWindow": {
                  "time": "03:30:00",
                  "dayOfTheWeek": "Wednesday"
                },
                "replicationMode": "STRICTLY_SYNCHRONOUS",
                "credentials": {
                  "username": "orders_app",
                  "password": "********",
                  "database": "orders"
                },
                "connectionPooler": "TRANSACTION",
                "logsEnabled": true,
                "metricsEnabled": false,
                "backup": {
                  "location": "de",
                  "retentionDays": 14
                }
              }
            }
            """,
            json);
    }

    [Fact]
    public void RenderCreateBody_RealPasswordNeverAppears_OnlyTheMask()
    {
        var request = ClusterPayloadMapper.ToCreateRequest(TestData.Spec(), "S3cret-Passw0rd");

        var json = _preview.RenderCreateBody(TestData.Spec());

        Assert.Equal("S3cret-Passw0rd", request.Properties.Credentials!.Password);
        Assert.DoesNotContain("S3cret", json, StringComparison.Ordinal);
        Assert.Equal("********", Properties(json).GetProperty("credentials").GetProperty("password").GetString());
    }

    [Theory]
    [InlineData(ReplicationMode.Asynchronous, "ASYNCHRONOUS")]
    [InlineData(ReplicationMode.StrictlySynchronous, "STRICTLY_SYNCHRONOUS")]
    public void RenderCreateBody_EveryReplicationMode_IsWrittenAsTheContractValue(ReplicationMode mode, string wire)
    {
        var json = _preview.RenderCreateBody(TestData.Spec() with { ReplicationMode = mode });

        Assert.Equal(wire, Properties(json).GetProperty("replicationMode").GetString());
    }

    [Theory]
    [InlineData(ConnectionPooler.Disabled, "DISABLED")]
    [InlineData(ConnectionPooler.Transaction, "TRANSACTION")]
    [InlineData(ConnectionPooler.Session, "SESSION")]
    public void RenderCreateBody_EveryConnectionPooler_IsWrittenAsTheContractValue(ConnectionPooler pooler, string wire)
    {
        var json = _preview.RenderCreateBody(TestData.Spec() with { ConnectionPooler = pooler });

        Assert.Equal(wire, Properties(json).GetProperty("connectionPooler").GetString());
    }

    [Fact]
    public void RenderCreateBody_EveryDayOfTheWeek_IsWrittenAsTheDayName()
    {
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var json = _preview.RenderCreateBody(TestData.Spec() with { MaintenanceDay = day, MaintenanceTime = new TimeOnly(23, 5, 9) });

            var window = Properties(json).GetProperty("maintenanceWindow");
            Assert.Equal(day.ToString(), window.GetProperty("dayOfTheWeek").GetString());
            Assert.Equal("23:05:09", window.GetProperty("time").GetString());
        }
    }

    [Fact]
    public void ToCreateRequest_RestoreSpec_CarriesTheSourceBackupAndTargetTime()
    {
        var target = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var spec = TestData.Spec() with { RestoreSourceBackupId = "backup-1", RecoveryTargetTime = target };

        var restore = ClusterPayloadMapper.ToCreateRequest(spec, "S3cret-Passw0rd").Properties.RestoreFromBackup;

        Assert.Equal("backup-1", restore?.SourceBackupId);
        Assert.Equal(target, restore?.RecoveryTargetDatetime);
    }

    private static JsonElement Properties(string json) => JsonDocument.Parse(json).RootElement.GetProperty("properties");
}
