namespace Portal.TestSupport;

internal static class AssemblyMarker
{
}
