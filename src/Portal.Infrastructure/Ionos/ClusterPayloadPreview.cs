using System.Text.Json;
using Ionos.PostgreSql.Serialization;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Create;

namespace Portal.Infrastructure.Ionos;

/// <summary>Adapter: the create body exactly as the IONOS client would serialise it, indented, password masked.</summary>
public sealed class ClusterPayloadPreview : IClusterPayloadPreview
{
    public const string MaskedPassword = "********";

    private static readonly JsonSerializerOptions Indented = new(IonosJson.Options) { WriteIndented = true };

    public string RenderCreateBody(ClusterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return JsonSerializer.Serialize(ClusterPayloadMapper.ToCreateRequest(spec, MaskedPassword), Indented);
    }
}
