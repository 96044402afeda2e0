using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Ionos.Emulator;

/// <summary>One API request: the region it addresses (null for the Cloud API) and the prefix it came in on.</summary>
internal sealed record ApiRequest(HttpContext Context, string? Region, string Prefix)
{
    /// <summary>Absolute base for hrefs: scheme, host, path base and the region (and /v2) prefix the request used.</summary>
    public string Base => Wire.Root(Context) + Prefix;

    public string? RouteValue(string name) => Context.Request.RouteValues[name]?.ToString();
}

/// <summary>The request pipeline (call log, faults, bearer check) and the DBaaS PostgreSQL v2 operations.</summary>
internal sealed class EmulatorApi(
    IOptions<EmulatorOptions> options,
    EmulatorStore store,
    EmulatorFaults faults,
    EmulatorCallLog calls,
    TimeProvider time)
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    private readonly EmulatorOptions _options = options.Value;

    public async Task HandleAsync(HttpContext context, string? region, string prefix, Func<ApiRequest, Task<ApiResponse>> operation)
    {
        var method = context.Request.Method;
        var path = context.Request.Path.Value is { } full && full.Length >= prefix.Length ? full[prefix.Length..] : "/";
        if (path.Length == 0)
        {
            path = "/";
        }

        var rules = faults.Take(method, region, path);
        foreach (var latency in rules.Where(r => r.Kind == FaultKind.Latency))
        {
            // Latency is real time by nature: a fake clock must not stall the socket.
            await Task.Delay(latency.Delay, context.RequestAborted);
        }

        var answer = rules.FirstOrDefault(r => r.Kind != FaultKind.Latency);
        ApiResponse response;
        if (answer is { Kind: FaultKind.Status })
        {
            response = FaultResponse(answer);
        }
        else
        {
            try
            {
                response = Authorize(context) ?? await operation(new ApiRequest(context, region, prefix));
            }
            catch (IOException e)
            {
                // The state file could not be written: answer like the real service would, with the Error body.
                response = ApiResponse.Error(500, $"The emulator could not save its state: {e.Message}");
            }
        }

        var drop = answer is { Kind: FaultKind.Drop };
        calls.Record(new EmulatorCall(method, region, path, drop ? 0 : response.Status, time.GetUtcNow()));
        if (drop)
        {
            // The work is done (a POST did create the cluster); the caller never learns it.
            context.Abort();
            return;
        }

        await response.WriteAsync(context);
    }

    private static ApiResponse FaultResponse(FaultRule rule)
    {
        var retryAfter = rule.RetryAfterSeconds ?? (rule.Status == 429 ? 1 : null);
        var headers = retryAfter is { } seconds
            ? new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture) }
            : null;
        var message = rule.Status switch
        {
            429 => "Too many requests: the request rate limit was exceeded.",
            503 => "The service is temporarily unavailable (maintenance).",
            _ => "Injected fault: the server failed to process the request.",
        };
        return ApiResponse.Error(rule.Status, [message], headers);
    }

    private ApiResponse? Authorize(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var token = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        if (token.Length > 0 && (_options.Token is null || string.Equals(_options.Token, token, StringComparison.Ordinal)))
        {
            return null;
        }

        return ApiResponse.Error(401, ["Unauthorized: send a valid 'Authorization: Bearer <token>' header."],
            new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer" });
    }

    // ---------------------------------------------------------------- clusters

    public Task<ApiResponse> ListClustersAsync(ApiRequest request)
    {
        if (ReadPaging(request, out var offset, out var limit) is { } bad)
        {
            return Task.FromResult(bad);
        }

        var query = request.Context.Request.Query;
        var name = query["filter.name"].ToString();
        var state = query["filter.state"].ToString();
        if (state.Length > 0 && !ClusterStates.All.Contains(state, StringComparer.Ordinal))
        {
            return Task.FromResult(ApiResponse.Error(400, $"filter.state must be one of {string.Join(", ", ClusterStates.All)}"));
        }

        // Only the page is rendered as JSON: rendering every cluster for each page made listing a large region quadratic.
        var (total, page) = store.Read(s =>
        {
            var matching = s.Clusters
                .Where(c => c.Region == request.Region)
                .Where(c => name.Length == 0 || c.Spec.Name.Contains(name, StringComparison.OrdinalIgnoreCase))
                .Where(c => state.Length == 0 || c.State == state)
                .OrderBy(c => c.Sequence)
                .ToList();
            return (matching.Count, matching.Skip(offset).Take(limit).Select(c => ClusterJson(request, c)).ToList());
        });
        return Task.FromResult(List(request, "/clusters", page, total, offset, limit));
    }

    public Task<ApiResponse> GetClusterAsync(ApiRequest request)
    {
        var id = ParseId(request.RouteValue("clusterId"));
        var json = store.Read(s => Find(s, request.Region, id) is { } c ? ClusterJson(request, c) : null);
        return Task.FromResult(json is null ? ClusterNotFound(request) : ApiResponse.Json(200, json));
    }

    public async Task<ApiResponse> CreateClusterAsync(ApiRequest request)
    {
        var (body, problem) = await ReadBodyAsync(request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<string>();
        if (body!["properties"] is not JsonObject properties)
        {
            return ApiResponse.Error(422, "properties is required and must be an object");
        }

        var spec = ClusterValidator.Read(properties, credentialsRequired: true, errors, out var restore);
        return store.Write(s =>
        {
            CheckAgainstStore(s, request.Region!, spec, restore, existing: null, errors);
            if (errors.Count > 0)
            {
                return ApiResponse.Error(422, errors);
            }

            var cluster = NewCluster(s, request.Region!, Guid.NewGuid(), spec);
            return ApiResponse.Json(201, ClusterJson(request, cluster));
        });
    }

    public async Task<ApiResponse> PutClusterAsync(ApiRequest request)
    {
        var id = ParseId(request.RouteValue("clusterId"));
        if (id is null)
        {
            return ClusterNotFound(request);
        }

        var (body, problem) = await ReadBodyAsync(request);
        if (problem is not null)
        {
            return problem;
        }

        if (body!["id"] is not JsonValue idNode || idNode.GetValueKind() != JsonValueKind.String
            || !Guid.TryParse(idNode.GetValue<string>(), out var bodyId) || bodyId != id)
        {
            return ApiResponse.Error(422, "id is required and must equal the clusterId in the path");
        }

        if (body["properties"] is not JsonObject properties)
        {
            return ApiResponse.Error(422, "properties is required and must be an object");
        }

        return store.Write(s =>
        {
            var existing = Find(s, request.Region, id);
            if (existing is not null && existing.State != ClusterStates.Available)
            {
                return ApiResponse.Error(409, $"Cluster {id} is {existing.State}; it can only be changed while AVAILABLE.");
            }

            var errors = new List<string>();
            var spec = ClusterValidator.Read(properties, credentialsRequired: existing is null, errors, out var restore);
            CheckAgainstStore(s, request.Region!, spec, restore, existing, errors);
            if (errors.Count > 0)
            {
                return ApiResponse.Error(422, errors);
            }

            if (existing is null)
            {
                // "Ensure" creates a cluster under an unknown id (NOTES §8, MariaDB v2 answers 201).
                return ApiResponse.Json(201, ClusterJson(request, NewCluster(s, request.Region!, id.Value, spec)));
            }

            // Full replace: the user and database are kept when credentials are left out (they are never dropped).
            spec.Username ??= existing.Spec.Username;
            spec.Database ??= existing.Spec.Database;
            var now = EmulatorStore.Truncate(time.GetUtcNow());
            existing.Spec = spec;
            existing.State = ClusterStates.Updating;
            existing.StateEndsAt = time.GetUtcNow() + _options.UpdatingDelay;
            existing.StatusMessage = null;
            existing.LastModifiedDate = now;
            existing.LastModifiedBy = _options.CreatedBy;
            return ApiResponse.Json(200, ClusterJson(request, existing));
        });
    }

    public Task<ApiResponse> DeleteClusterAsync(ApiRequest request)
    {
        var id = ParseId(request.RouteValue("clusterId"));
        var found = store.Write(s =>
        {
            var cluster = Find(s, request.Region, id);
            if (cluster is null)
            {
                return false;
            }

            if (cluster.State != ClusterStates.Destroying)
            {
                cluster.State = ClusterStates.Destroying;
                cluster.StateEndsAt = time.GetUtcNow() + _options.DestroyingDelay;
                cluster.StatusMessage = null;
            }

            return true;
        });
        return Task.FromResult(found ? ApiResponse.Empty(202) : ClusterNotFound(request));
    }

    private ClusterRecord NewCluster(StoreState state, string region, Guid id, ClusterSpec spec)
    {
        var now = time.GetUtcNow();
        var cluster = new ClusterRecord
        {
            Id = id,
            Region = region,
            Sequence = state.NextSequence++,
            Spec = spec,
            DnsName = $"pg-{RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 16)}.postgresql.{region}.ionos.com",
            CreatedDate = EmulatorStore.Truncate(now),
            CreatedBy = _options.CreatedBy,
            LastModifiedDate = EmulatorStore.Truncate(now),
            LastModifiedBy = _options.CreatedBy,
            State = ClusterStates.Provisioning,
            StateEndsAt = now + _options.ProvisioningDelay,
        };
        state.Clusters.Add(cluster);
        return cluster;
    }

    /// <summary>The rules that need the catalogue or the current cluster: version, location, upgrades, immutables, restore.</summary>
    private void CheckAgainstStore(StoreState state, string region, ClusterSpec spec, RestoreRequest? restore, ClusterRecord? existing, List<string> errors)
    {
        var version = spec.Version.Length > 0 ? SeedData.Versions.FirstOrDefault(v => v.Version == spec.Version) : null;
        if (spec.Version.Length > 0 && version is null)
        {
            errors.Add($"properties.version '{spec.Version}' is not an available PostgreSQL version");
        }

        if (spec.BackupLocation.Length > 0 && !SeedData.BackupLocations.Any(l => l.Location == spec.BackupLocation))
        {
            errors.Add($"properties.backup.location '{spec.BackupLocation}' is not a known backup location");
        }

        if (existing is not null)
        {
            var current = SeedData.Versions.FirstOrDefault(v => v.Version == existing.Spec.Version);
            if (version is not null && spec.Version != existing.Spec.Version && (current is null || !current.CanUpgradeTo.Contains(spec.Version)))
            {
                var allowed = current is null || current.CanUpgradeTo.Count == 0 ? "none" : string.Join(", ", current.CanUpgradeTo);
                errors.Add($"properties.version cannot change from {existing.Spec.Version} to {spec.Version}; allowed upgrades: {allowed}");
            }

            if (spec.DatacenterId.Length > 0 && (!string.Equals(spec.DatacenterId, existing.Spec.DatacenterId, StringComparison.OrdinalIgnoreCase)
                || spec.LanId != existing.Spec.LanId || spec.PrimaryInstanceAddress != existing.Spec.PrimaryInstanceAddress))
            {
                errors.Add("properties.connection cannot be changed after creation");
            }

            if (spec.BackupLocation.Length > 0 && spec.BackupLocation != existing.Spec.BackupLocation)
            {
                errors.Add("properties.backup.location cannot be changed after creation");
            }

            if (spec.StorageSize > 0 && spec.StorageSize < existing.Spec.StorageSize)
            {
                errors.Add($"properties.instances.storageSize cannot be decreased (currently {existing.Spec.StorageSize})");
            }
        }

        if (restore is not null)
        {
            CheckRestore(state, region, spec, restore, existing, errors);
        }
    }

    private void CheckRestore(StoreState state, string region, ClusterSpec spec, RestoreRequest restore, ClusterRecord? existing, List<string> errors)
    {
        BackupRecord[] candidates;
        if (restore.SourceBackupId is { } sourceId)
        {
            var backup = state.Backups.FirstOrDefault(b => b.Region == region && b.Id == sourceId);
            if (backup is null || (existing is not null && backup.ClusterId != existing.Id))
            {
                errors.Add($"properties.restoreFromBackup.sourceBackupId '{sourceId}' is not a backup {(existing is null ? "in this region" : "of this cluster")}");
                return;
            }

            if (int.TryParse(backup.Version, CultureInfo.InvariantCulture, out var from)
                && int.TryParse(spec.Version, CultureInfo.InvariantCulture, out var to) && from > to)
            {
                errors.Add($"properties.version must be {backup.Version} or newer to restore a backup of version {backup.Version}");
            }

            candidates = [backup];
        }
        else if (existing is null)
        {
            errors.Add("properties.restoreFromBackup.sourceBackupId is required when creating a cluster");
            return;
        }
        else
        {
            candidates = [.. state.Backups.Where(b => b.ClusterId == existing.Id)];
        }

        if (restore.RecoveryTargetDatetime is { } target)
        {
            var now = time.GetUtcNow();
            if (!candidates.Any(b => target > b.EarliestRecoveryTargetTime && target <= (b.LatestRecoveryTargetTime ?? now)))
            {
                errors.Add("properties.restoreFromBackup.recoveryTargetDatetime must be after the backup's earliestRecoveryTargetTime and not after its latestRecoveryTargetTime (or now)");
            }
        }
    }

    // ---------------------------------------------------------------- backups, locations, versions

    public Task<ApiResponse> ListBackupsAsync(ApiRequest request)
    {
        if (ReadPaging(request, out var offset, out var limit) is { } bad)
        {
            return Task.FromResult(bad);
        }

        var filter = request.Context.Request.Query["filter.clusterId"].ToString();
        Guid? clusterId = null;
        if (filter.Length > 0)
        {
            if (!Guid.TryParse(filter, out var parsed))
            {
                return Task.FromResult(ApiResponse.Error(400, "filter.clusterId must be a UUID"));
            }

            clusterId = parsed;
        }

        var items = store.Read(s => s.Backups
            .Where(b => b.Region == request.Region && (clusterId is null || b.ClusterId == clusterId))
            .OrderBy(b => b.Sequence)
            .Select(b => BackupJson(request, b))
            .ToList());
        return Task.FromResult(List(request, "/backups", items, offset, limit));
    }

    public Task<ApiResponse> GetBackupAsync(ApiRequest request)
    {
        var id = ParseId(request.RouteValue("backupId"));
        var json = store.Read(s => s.Backups.FirstOrDefault(b => b.Region == request.Region && b.Id == id) is { } b ? BackupJson(request, b) : null);
        return Task.FromResult(json is null ? NotFound("Backup", request.RouteValue("backupId")) : ApiResponse.Json(200, json));
    }

    public static Task<ApiResponse> ListBackupLocationsAsync(ApiRequest request) =>
        Task.FromResult(ReadPaging(request, out var offset, out var limit)
            ?? List(request, "/backup-locations", [.. SeedData.BackupLocations.Select(l => LocationJson(request, l))], offset, limit));

    public static Task<ApiResponse> GetBackupLocationAsync(ApiRequest request)
    {
        var id = ParseId(request.RouteValue("backupLocationId"));
        var location = SeedData.BackupLocations.FirstOrDefault(l => l.Id == id);
        return Task.FromResult(location is null
            ? NotFound("BackupLocation", request.RouteValue("backupLocationId"))
            : ApiResponse.Json(200, LocationJson(request, location)));
    }

    public static Task<ApiResponse> ListVersionsAsync(ApiRequest request) =>
        Task.FromResult(ReadPaging(request, out var offset, out var limit)
            ?? List(request, "/versions", [.. SeedData.Versions.Select(v => VersionJson(request, v))], offset, limit));

    public static Task<ApiResponse> GetVersionAsync(ApiRequest request)
    {
        var id = ParseId(request.RouteValue("versionId"));
        var version = SeedData.Versions.FirstOrDefault(v => v.Id == id);
        return Task.FromResult(version is null
            ? NotFound("PostgresVersion", request.RouteValue("versionId"))
            : ApiResponse.Json(200, VersionJson(request, version)));
    }

    // ---------------------------------------------------------------- wire shapes

    private JsonObject ClusterJson(ApiRequest request, ClusterRecord c)
    {
        var metadata = new JsonObject
        {
            ["createdDate"] = Wire.Timestamp(c.CreatedDate),
            ["createdBy"] = c.CreatedBy,
            ["createdByUserId"] = _options.CreatedByUserId,
            ["lastModifiedDate"] = Wire.Timestamp(c.LastModifiedDate),
            ["lastModifiedBy"] = c.LastModifiedBy,
            ["lastModifiedByUserId"] = _options.CreatedByUserId,
            ["resourceURN"] = $"ionos:dbaas:psql:{c.Region}::cluster/{c.Id}",
            ["state"] = c.State,
        };
        if (c.StatusMessage is not null)
        {
            metadata["statusMessage"] = c.StatusMessage;
        }

        metadata["dnsName"] = c.DnsName;
        var s = c.Spec;
        return new JsonObject
        {
            ["id"] = c.Id.ToString(),
            ["type"] = "cluster",
            ["href"] = $"{request.Base}/clusters/{c.Id}",
            ["metadata"] = metadata,
            ["properties"] = new JsonObject
            {
                ["name"] = s.Name,
                ["description"] = s.Description ?? "",
                ["version"] = s.Version,
                ["instances"] = new JsonObject { ["count"] = s.Count, ["ram"] = s.Ram, ["cores"] = s.Cores, ["storageSize"] = s.StorageSize },
                ["connection"] = new JsonObject
                {
                    ["datacenterId"] = s.DatacenterId,
                    ["lanId"] = s.LanId,
                    ["primaryInstanceAddress"] = s.PrimaryInstanceAddress,
                },
                ["maintenanceWindow"] = new JsonObject { ["time"] = s.MaintenanceTime, ["dayOfTheWeek"] = s.MaintenanceDay },
                ["replicationMode"] = s.ReplicationMode,
                ["connectionPooler"] = s.ConnectionPooler,
                ["logsEnabled"] = s.LogsEnabled,
                ["metricsEnabled"] = s.MetricsEnabled,
                ["backup"] = new JsonObject { ["location"] = s.BackupLocation, ["retentionDays"] = s.RetentionDays },
            },
        };
    }

    private static JsonObject BackupJson(ApiRequest request, BackupRecord b) => new()
    {
        ["id"] = b.Id.ToString(),
        ["type"] = "backup",
        ["href"] = $"{request.Base}/backups/{b.Id}",
        ["metadata"] = new JsonObject { ["createdDate"] = Wire.Timestamp(b.CreatedDate), ["state"] = ClusterStates.Available },
        ["properties"] = new JsonObject
        {
            ["clusterId"] = b.ClusterId.ToString(),
            ["postgresClusterVersion"] = b.Version,
            ["isActive"] = b.IsActive,
            ["earliestRecoveryTargetTime"] = Wire.Timestamp(b.EarliestRecoveryTargetTime),
            ["latestRecoveryTargetTime"] = b.LatestRecoveryTargetTime is { } latest ? Wire.Timestamp(latest) : null,
            ["location"] = b.Location,
        },
    };

    private static JsonObject LocationJson(ApiRequest request, SeedBackupLocation l) => new()
    {
        ["id"] = l.Id.ToString(),
        ["type"] = "backupLocation",
        ["href"] = $"{request.Base}/backup-locations/{l.Id}",
        ["metadata"] = new JsonObject(),
        ["properties"] = new JsonObject { ["location"] = l.Location },
    };

    private static JsonObject VersionJson(ApiRequest request, SeedVersion v) => new()
    {
        ["id"] = v.Id.ToString(),
        ["type"] = "version",
        ["href"] = $"{request.Base}/versions/{v.Id}",
        ["metadata"] = new JsonObject(),
        ["properties"] = new JsonObject
        {
            ["version"] = v.Version,
            ["status"] = v.Status,
            ["comment"] = v.Comment,
            ["canUpgradeTo"] = new JsonArray([.. v.CanUpgradeTo.Select(x => (JsonNode)JsonValue.Create(x))]),
        },
    };

    /// <summary>A page of a collection; <c>_links.prev</c> only when offset &gt; 0, <c>next</c> only when more items follow.</summary>
    private static ApiResponse List(ApiRequest request, string path, List<JsonObject> all, int offset, int limit) =>
        List(request, path, [.. all.Skip(offset).Take(limit)], all.Count, offset, limit);

    /// <summary>The same, from the page's items and the number of matching items.</summary>
    private static ApiResponse List(ApiRequest request, string path, List<JsonObject> page, int total, int offset, int limit)
    {
        var href = request.Base + path;
        var filters = string.Concat(request.Context.Request.Query
            .Where(q => q.Key.StartsWith("filter.", StringComparison.Ordinal))
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}&")));
        string Link(int at) => string.Create(CultureInfo.InvariantCulture, $"{href}?{filters}offset={at}&limit={limit}");

        var links = new JsonObject();
        if (offset > 0)
        {
            links["prev"] = Link(Math.Max(0, offset - limit));
        }

        links["self"] = Link(offset);
        if ((long)offset + limit < total)
        {
            links["next"] = Link(offset + limit);
        }

        var items = new JsonArray();
        foreach (var item in page)
        {
            items.Add(item);
        }

        return ApiResponse.Json(200, new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["type"] = "collection",
            ["href"] = href,
            ["items"] = items,
            ["offset"] = offset,
            ["limit"] = limit,
            ["_links"] = links,
        });
    }

    // ---------------------------------------------------------------- request parsing

    private static ApiResponse? ReadPaging(ApiRequest request, out int offset, out int limit)
    {
        offset = 0;
        limit = DefaultLimit;
        var query = request.Context.Request.Query;
        if (query.TryGetValue("offset", out var rawOffset)
            && (!int.TryParse(rawOffset.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out offset) || offset < 0))
        {
            return ApiResponse.Error(400, "offset must be an integer of at least 0");
        }

        if (query.TryGetValue("limit", out var rawLimit)
            && (!int.TryParse(rawLimit.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return ApiResponse.Error(400, $"limit must be an integer between 1 and {MaxLimit}");
        }

        return null;
    }

    private static async Task<(JsonObject? Body, ApiResponse? Problem)> ReadBodyAsync(ApiRequest request)
    {
        if (!request.Context.Request.HasJsonContentType())
        {
            return (null, ApiResponse.Error(415, "Content-Type must be application/json"));
        }

        try
        {
            var node = await JsonNode.ParseAsync(request.Context.Request.Body, cancellationToken: request.Context.RequestAborted);
            return node is JsonObject body
                ? (body, null)
                : (null, ApiResponse.Error(400, "The request body must be a JSON object"));
        }
        catch (JsonException e)
        {
            return (null, ApiResponse.Error(400, $"The request body is not valid JSON: {e.Message}"));
        }
    }

    /// <summary>Ids are UUIDs; anything else simply names no resource (404).</summary>
    private static Guid? ParseId(string? raw) => Guid.TryParseExact(raw, "D", out var id) ? id : null;

    private static ClusterRecord? Find(StoreState state, string? region, Guid? id) =>
        id is null ? null : state.Clusters.FirstOrDefault(c => c.Region == region && c.Id == id);

    private static ApiResponse ClusterNotFound(ApiRequest request) => NotFound("Cluster", request.RouteValue("clusterId"));

    private static ApiResponse NotFound(string kind, string? id) => ApiResponse.Error(404, $"{kind} '{id}' was not found");
}
