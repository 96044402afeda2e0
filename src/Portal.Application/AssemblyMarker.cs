namespace Portal.Application;
internal static class AssemblyMarker
{
}
