namespace Portal.Infrastructure;
internal static class AssemblyMarker
{
}
