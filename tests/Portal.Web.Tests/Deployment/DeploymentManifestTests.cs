using Portal.TestSupport;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Portal.Web.Tests.Deployment;

/// <summary>
/// The deployment files say what the operations docs promise: several non-root replicas with probes on the portal's
/// health endpoints, secrets only from the cluster, no migration at start-up but a migration step that runs first, and
/// sticky sessions with long timeouts at the ingress. Parsed with YamlDotNet (no cluster or Docker engine here).
/// </summary>
public sealed class DeploymentManifestTests
{
    private static readonly string K8s = Path.Combine(RepositoryPaths.Root, "deploy", "k8s");
    private static readonly string[] RootUsers = ["root", "0", "0:0"];

    [Fact]
    public void Deployment_RunsSeveralNonRootReplicasWithProbesAndWithoutStartUpMigration()
    {
        var deployment = Single("deployment.yaml", "Deployment");
        var pod = deployment.Map("spec").Map("template").Map("spec");
        var container = Assert.Single(pod.List("containers")).AsMap();

        Assert.True(int.Parse(deployment.Map("spec").Text("replicas")) >= 2);
        Assert.Equal("0", deployment.Map("spec").Map("strategy").Map("rollingUpdate").Text("maxUnavailable"));
        Assert.Equal("true", pod.Map("securityContext").Text("runAsNonRoot"));
        Assert.NotEqual("0", pod.Map("securityContext").Text("runAsUser"));
        Assert.Equal("false", container.Map("securityContext").Text("allowPrivilegeEscalation"));
        Assert.Equal("/health/ready", container.Map("readinessProbe").Map("httpGet").Text("path"));
        Assert.Equal("/health/live", container.Map("livenessProbe").Map("httpGet").Text("path"));
        // The readiness check waits up to 10 s for each IONOS region; a shorter probe timeout would flap.
        Assert.True(int.Parse(container.Map("readinessProbe").Text("timeoutSeconds")) > 10);

        var env = Env(container);
        Assert.Equal("false", env["Database__MigrateOnStartup"].Text("value"));
        foreach (var (name, key) in new[] { ("ConnectionStrings__Portal", "database-connection-string"), ("IONOS_TOKEN", "ionos-token"), ("AzureAd__ClientSecret", "entra-client-secret") })
        {
            var secret = env[name].Map("valueFrom").Map("secretKeyRef");
            Assert.Equal(("pgportal-secrets", key), (secret.Text("name"), secret.Text("key")));
        }
    }

    [Fact]
    public void Deployment_MountsTheKeyRingCertificateFromASecretReadOnlyAndPointsTheSettingAtIt()
    {
        var pod = Single("deployment.yaml", "Deployment").Map("spec").Map("template").Map("spec");
        var container = Assert.Single(pod.List("containers")).AsMap();
        var env = Env(container);

        var path = env["Hosting__DataProtection__CertificatePath"].Text("value");
        var mount = Assert.Single(container.List("volumeMounts").Select(m => m.AsMap()), m => path.StartsWith(m.Text("mountPath") + "/", StringComparison.Ordinal));
        Assert.Equal("true", mount.Text("readOnly"));
        var volume = Assert.Single(pod.List("volumes").Select(v => v.AsMap()), v => v.Text("name") == mount.Text("name"));
        var secret = volume.Map("secret");
        Assert.Equal("pgportal-dataprotection", secret.Text("secretName"));
        Assert.Contains(secret.List("items").Select(i => i.AsMap()), i => path.EndsWith("/" + i.Text("path"), StringComparison.Ordinal));
        var password = env["Hosting__DataProtection__CertificatePassword"].Map("valueFrom").Map("secretKeyRef");
        Assert.Equal(("pgportal-secrets", "dataprotection-certificate-password"), (password.Text("name"), password.Text("key")));
        Assert.DoesNotContain("AllowUnprotectedKeys", File.ReadAllText(Path.Combine(K8s, "deployment.yaml")) + File.ReadAllText(Path.Combine(K8s, "configmap.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_PortalReadsTheKeyRingCertificateMadeOnceByAOneShotService()
    {
        var services = Load(Path.Combine(RepositoryPaths.Root, "docker-compose.yml")).Single().Map("services");
        var portal = services.Map("portal");
        var maker = services.Map("dataprotection-certificate");

        Assert.Equal("service_completed_successfully", portal.Map("depends_on").Map("dataprotection-certificate").Text("condition"));
        var path = portal.Map("environment").Text("Hosting__DataProtection__CertificatePath");
        var volume = Assert.Single(portal.List("volumes").Select(v => v.ToString()!), v => v.EndsWith(":ro", StringComparison.Ordinal)).Split(':');
        Assert.StartsWith(volume[1] + "/", path, StringComparison.Ordinal);
        Assert.Contains(maker.List("volumes").Select(v => v.ToString()!), v => v.StartsWith(volume[0] + ":", StringComparison.Ordinal));
        // Made once: a second run keeps the certificate the key ring is encrypted to.
        var script = string.Join("\n", maker.List("command").Select(c => c.ToString()));
        Assert.Contains("if [ -f /certs/" + Path.GetFileName(path) + " ]; then exit 0; fi", script, StringComparison.Ordinal);
        Assert.Contains("openssl pkcs12 -export", script, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigMap_HoldsNoSecret()
    {
        var data = Single("configmap.yaml", "ConfigMap").Map("data");

        Assert.DoesNotContain(data.Keys, k => k.Contains("Secret", StringComparison.OrdinalIgnoreCase) || k.Contains("Token", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("ConnectionStrings", StringComparison.Ordinal));
        Assert.DoesNotContain(data.Values.Select(v => v?.ToString() ?? ""), v => v.Contains("Password=", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("PostgreSql", data.Text("Database__Provider"));
    }

    [Fact]
    public void Ingress_PinsABrowserToItsPodWithACookieAndKeepsWebSocketsOpen()
    {
        var ingress = Single("ingress.yaml", "Ingress");
        var annotations = ingress.Map("metadata").Map("annotations");
        var service = Single("service.yaml", "Service");
        var podLabels = Single("deployment.yaml", "Deployment").Map("spec").Map("template").Map("metadata").Map("labels");

        Assert.Equal("cookie", annotations.Text("nginx.ingress.kubernetes.io/affinity"));
        Assert.Equal("persistent", annotations.Text("nginx.ingress.kubernetes.io/affinity-mode"));
        Assert.False(string.IsNullOrEmpty(annotations.Text("nginx.ingress.kubernetes.io/session-cookie-name")));
        Assert.True(int.Parse(annotations.Text("nginx.ingress.kubernetes.io/proxy-read-timeout")) >= 3600);
        Assert.True(int.Parse(annotations.Text("nginx.ingress.kubernetes.io/proxy-send-timeout")) >= 3600);

        var backend = Assert.Single(Assert.Single(ingress.Map("spec").List("rules")).AsMap().Map("http").List("paths")).AsMap().Map("backend").Map("service");
        Assert.Equal(service.Map("metadata").Text("name"), backend.Text("name"));
        Assert.Contains(service.Map("spec").List("ports"), p => p.AsMap().Text("name") == backend.Map("port").Text("name"));
        Assert.All(service.Map("spec").Map("selector"), label => Assert.Equal(label.Value, podLabels[label.Key]));
    }

    [Fact]
    public void MigrationJob_RunsTheMigrateCommandOnTheReleaseImageWithOnlyTheDatabaseSecret()
    {
        var job = Single("migrate-job.yaml", "Job");
        var pod = job.Map("spec").Map("template").Map("spec");
        var container = Assert.Single(pod.List("containers")).AsMap();
        var image = Assert.Single(Document("kustomization.yaml").List("images")).AsMap();

        Assert.Equal(["migrate"], container.List("args").Select(a => a.ToString()));
        Assert.Equal($"{image.Text("newName")}:{image.Text("newTag")}", container.Text("image"));
        Assert.Equal("Never", pod.Text("restartPolicy"));
        Assert.Equal("true", pod.Map("securityContext").Text("runAsNonRoot"));
        var env = Env(container);
        Assert.Equal("database-connection-string", env["ConnectionStrings__Portal"].Map("valueFrom").Map("secretKeyRef").Text("key"));
        Assert.DoesNotContain("IONOS_TOKEN", env.Keys);
        Assert.DoesNotContain("AzureAd__ClientSecret", env.Keys);
    }

    [Fact]
    public void Kustomization_ListsEveryManifestButTheJob()
    {
        var resources = Document("kustomization.yaml").List("resources").Select(r => r.ToString()!).ToHashSet();
        var manifests = Directory.GetFiles(K8s, "*.yaml").Select(Path.GetFileName).Where(f => f is not "kustomization.yaml" and not "migrate-job.yaml");

        Assert.Equal(manifests.Order(), resources.Order());
    }

    [Fact]
    public void Compose_MigratesOnceBeforeThePortalStartsAndThePortalDoesNotMigrate()
    {
        var services = Load(Path.Combine(RepositoryPaths.Root, "docker-compose.yml")).Single().Map("services");
        var migrate = services.Map("migrate");
        var portal = services.Map("portal");

        Assert.Equal(["migrate"], migrate.List("command").Select(c => c.ToString()));
        Assert.Equal(migrate.Text("image"), portal.Text("image"));
        Assert.Equal("service_healthy", migrate.Map("depends_on").Map("postgres").Text("condition"));
        Assert.Equal("service_completed_successfully", portal.Map("depends_on").Map("migrate").Text("condition"));
        Assert.Equal("false", portal.Map("environment").Text("Database__MigrateOnStartup"));
    }

    [Fact]
    public void Dockerfile_RunsOnTheRuntimeImageAsANonRootUserWithAHealthCheck()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "deploy", "Dockerfile.portal"))
            .Where(l => !l.TrimStart().StartsWith('#')).ToList();
        var finalStage = lines.Skip(lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal))).ToList();

        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:", finalStage[0], StringComparison.Ordinal);
        var user = Assert.Single(finalStage, l => l.StartsWith("USER ", StringComparison.Ordinal))["USER ".Length..].Trim();
        Assert.DoesNotContain(user, RootUsers);
        Assert.Contains(finalStage, l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        Assert.Contains(finalStage, l => l.Contains("/health/live", StringComparison.Ordinal));
        Assert.Contains(finalStage, l => l.StartsWith("ENTRYPOINT [\"dotnet\", \"Portal.Web.dll\"]", StringComparison.Ordinal));
    }

    private static Dictionary<string, Dictionary<string, object?>> Env(Dictionary<string, object?> container) =>
        container.List("env").Select(e => e.AsMap()).ToDictionary(e => e.Text("name"));

    private static Dictionary<string, object?> Document(string file) => Load(Path.Combine(K8s, file)).Single();

    private static Dictionary<string, object?> Single(string file, string kind)
    {
        var document = Document(file);
        Assert.Equal(kind, document.Text("kind"));
        return document;
    }

    private static List<Dictionary<string, object?>> Load(string path)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(File.ReadAllText(path)));
        parser.Consume<StreamStart>();
        var documents = new List<Dictionary<string, object?>>();
        while (parser.Accept<DocumentStart>(out _))
        {
            documents.Add(deserializer.Deserialize<object>(parser).AsMap());
        }

        return documents;
    }
}

/// <summary>Navigation over YamlDotNet's untyped result (maps, lists, scalars as strings).</summary>
internal static class YamlNodes
{
    public static Dictionary<string, object?> AsMap(this object? node) =>
        Assert.IsType<Dictionary<object, object>>(node).ToDictionary(kv => kv.Key.ToString()!, kv => (object?)kv.Value);

    public static Dictionary<string, object?> Map(this Dictionary<string, object?> map, string key) =>
        Assert.Contains(key, map).AsMap();

    public static List<object> List(this Dictionary<string, object?> map, string key) =>
        Assert.IsType<List<object>>(Assert.Contains(key, map));

    public static string Text(this Dictionary<string, object?> map, string key) =>
        Assert.Contains(key, map)?.ToString() ?? "";
}
