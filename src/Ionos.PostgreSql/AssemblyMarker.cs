namespace Ionos.PostgreSql;
internal static class AssemblyMarker
{
}
