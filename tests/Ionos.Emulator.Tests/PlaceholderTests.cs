namespace Ionos.Emulator.Tests;

public class PlaceholderTests
{
    [Fact]
    public void Placeholder_Runs() => Assert.True(true);
}
