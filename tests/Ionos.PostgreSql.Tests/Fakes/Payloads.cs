namespace Ionos.PostgreSql.Tests.Fakes;

/// <summary>The example payloads of NOTES.md §14, verbatim where the notes give them.</summary>
public static class Payloads
{
    public const string ClusterId = "e69b22a5-8fee-56b1-b6fb-4a07e4205ead";

    public const string CreateRequest = """
        {
          "properties": {
            "name": "cms-prod",
            "description": "Production PostgreSQL cluster",
            "version": "17",
            "instances": { "count": 1, "cores": 2, "ram": 4, "storageSize": 10 },
            "connection": { "datacenterId": "5a029f4a-72e5-11ec-90d6-0242ac120003", "lanId": "2", "primaryInstanceAddress": "192.168.1.100/24" },
            "maintenanceWindow": { "time": "09:00:00", "dayOfTheWeek": "Sunday" },
            "replicationMode": "ASYNCHRONOUS",
            "credentials": { "username": "my_dbuser", "password": "P@ssw0rd123", "database": "my_database" },
            "connectionPooler": "DISABLED",
            "logsEnabled": false,
            "metricsEnabled": false,
            "backup": { "location": "eu-central-3", "retentionDays": 7 }
          }
        }
        """;

    public const string ClusterResponse = """
        {
          "id": "e69b22a5-8fee-56b1-b6fb-4a07e4205ead",
          "type": "cluster",
          "href": "https://postgresql.de-txl.ionos.com/clusters/e69b22a5-8fee-56b1-b6fb-4a07e4205ead",
          "metadata": {
            "createdDate": "2026-03-01T12:00:00Z", "createdBy": "john.doe@example.com", "createdByUserId": "87f9a82e-b28d-49ed-9d04-fba2c0459cd3",
            "lastModifiedDate": "2026-03-01T12:00:00Z", "lastModifiedBy": "john.doe@example.com", "lastModifiedByUserId": "87f9a82e-b28d-49ed-9d04-fba2c0459cd3",
            "resourceURN": "ionos:dbaas:postgresql:de-txl:…:cluster/e69b22a5-…",
            "state": "PROVISIONING",
            "dnsName": "pg-abcdefgh12345678.postgresql.de-txl.ionos.com"
          },
          "properties": { "name": "cms-prod", "description": "Production PostgreSQL cluster", "version": "17",
            "instances": { "count": 1, "cores": 2, "ram": 4, "storageSize": 10 },
            "connection": { "datacenterId": "5a029f4a-72e5-11ec-90d6-0242ac120003", "lanId": "2", "primaryInstanceAddress": "192.168.1.100/24" },
            "maintenanceWindow": { "time": "09:00:00", "dayOfTheWeek": "Sunday" },
            "replicationMode": "ASYNCHRONOUS", "connectionPooler": "DISABLED", "logsEnabled": false, "metricsEnabled": false,
            "backup": { "location": "eu-central-3", "retentionDays": 7 } }
        }
        """;

    public static string ClusterWithState(string id, string stateJson) => $$"""
        { "id": "{{id}}", "type": "cluster", "href": "https://postgresql.de-txl.ionos.com/clusters/{{id}}",
          "metadata": { "state": {{stateJson}} }, "properties": { "name": "c-{{id}}" } }
        """;

    /// <summary>A cluster list page with <paramref name="count"/> items starting at <paramref name="offset"/>.</summary>
    public static string ClusterPage(int offset, int limit, int count, bool withNext)
    {
        var items = string.Join(",", Enumerable.Range(offset, count).Select(i => ClusterWithState($"00000000-0000-0000-0000-{i:D12}", "\"AVAILABLE\"")));
        var next = withNext ? $", \"next\": \"https://postgresql.de-txl.ionos.com/clusters?offset={offset + limit}&limit={limit}\"" : "";
        return $$"""
            { "id": "list", "type": "collection", "href": "https://postgresql.de-txl.ionos.com/clusters",
              "items": [{{items}}], "offset": {{offset}}, "limit": {{limit}},
              "_links": { "self": "https://postgresql.de-txl.ionos.com/clusters?offset={{offset}}&limit={{limit}}"{{next}} } }
            """;
    }

    public const string ValidationError = """
        { "httpStatus": 422, "messages": [ { "errorCode": "VALIDATION_FAILED", "message": "instances.cores must be between 1 and 62" } ] }
        """;
}
