using Portal.Application.Requests.Create;

namespace Portal.Application.Tests.Requests.Create;

public sealed class PasswordRulesTests
{
    private const string Strong = "Kestrel7$Harbor";

    [Theory]
    [InlineData("Abcdef1$")]
    [InlineData("Kestrel7$Harbor")]
    [InlineData("aB3@aB3@")]
    [InlineData("P@ssw0rd123")]
    [InlineData("Zz9!~#^()[]{}<>/\\|'\"`,.;:+=_-")]
    public void ValidatePassword_MeetsTheRule_HasNoProblems(string password) =>
        Assert.Empty(CreateClusterRules.ValidatePassword(password, password).Problems);

    [Theory]
    [InlineData("Abcde1$", false)]
    [InlineData("Abcdef1$", true)]
    public void ValidatePassword_Length_IsAtLeast8(string password, bool valid) =>
        AssertPasswordOutcome(password, valid, "The password must be at least 8 characters long; add 1 more.");

    [Theory]
    [InlineData(128, true)]
    [InlineData(129, false)]
    public void ValidatePassword_Length_IsAtMost128(int length, bool valid) =>
        AssertPasswordOutcome("Aa1$" + new string('x', length - 4), valid, "The password can be at most 128 characters long (a portal limit); shorten it.");

    [Theory]
    [InlineData("ABCDEF1$", "Add at least one lowercase letter (a-z) to the password.")]
    [InlineData("abcdef1$", "Add at least one uppercase letter (A-Z) to the password.")]
    [InlineData("Abcdefg$", "Add at least one digit (0-9) to the password.")]
    [InlineData("Abcdefg1", "Add at least one of the special characters @$!%*?& to the password.")]
    [InlineData("Abcdef1#", "Add at least one of the special characters @$!%*?& to the password.")]
    [InlineData("ÄBCDEF1$", "Add at least one lowercase letter (a-z) to the password.")]
    [InlineData("Abcdef١$", "Add at least one digit (0-9) to the password.")]
    public void ValidatePassword_ClassMissing_SaysWhichOneToAdd(string password, string expected)
    {
        var problem = Assert.Single(CreateClusterRules.ValidatePassword(password, password).Problems, p => p.Message == expected);

        Assert.Equal(DraftFields.Password, problem.Field);
    }

    [Theory]
    [InlineData("Abc def1$")]
    [InlineData("Abcdéf1$")]
    [InlineData("Abcdef1$\t")]
    [InlineData("Abcdef1$\u200B")]
    [InlineData("Abcdef1$😀")]
    public void ValidatePassword_OutsidePrintableAscii_IsRefusedWithTheReason(string password)
    {
        var message = Assert.Single(CreateClusterRules.ValidatePassword(password, password).For(DraftFields.Password));

        Assert.StartsWith("Use only letters, digits and ASCII punctuation in the password: spaces, accented letters, emoji", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ValidatePassword_Missing_AsksForOne(string? password)
    {
        var problem = Assert.Single(CreateClusterRules.ValidatePassword(password, password).Problems);

        Assert.Equal(new ValidationProblem(DraftFields.Password, "Enter a password for the database user, or generate a strong one."), problem);
    }

    [Theory]
    [InlineData("Kestrel7$Harbo", "The confirmation does not match the password; type the same password in both fields.")]
    [InlineData("kestrel7$harbor", "The confirmation does not match the password; type the same password in both fields.")]
    [InlineData("Kestrel7$Harbor ", "The confirmation does not match the password; type the same password in both fields.")]
    [InlineData("", "Repeat the password in the confirmation field.")]
    [InlineData(null, "Repeat the password in the confirmation field.")]
    public void ValidatePassword_ConfirmationDiffers_IsReportedOnTheConfirmation(string? confirmation, string expected)
    {
        var problem = Assert.Single(CreateClusterRules.ValidatePassword(Strong, confirmation).Problems);

        Assert.Equal(new ValidationProblem(DraftFields.PasswordConfirmation, expected), problem);
    }

    [Theory]
    [InlineData("Kestrel7$Harbor", "Kestrel7$Harbo")]
    [InlineData("kestrelharbor", "kestrelharbour")]
    [InlineData("KESTREL HARBOR ÄÖÜ", "KESTREL HARBOR ÄÖÜ")]
    [InlineData("Qq1", "Qq1")]
    [InlineData("Vq9xJ7mZ", "Vq9xJ7mZ")]
    public void ValidatePassword_AnyProblem_MessagesNeverContainThePassword(string password, string confirmation)
    {
        var report = CreateClusterRules.ValidatePassword(password, confirmation);

        Assert.NotEmpty(report.Problems);
        Assert.All(report.Problems, p =>
        {
            Assert.DoesNotContain(password, p.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(confirmation, p.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void CheckPassword_Empty_ListsEveryRequirementInAStableOrder()
    {
        var checklist = CreateClusterRules.CheckPassword(null);

        Assert.Equal(
            [
                new("At least 8 characters", false),
                new("A lowercase letter (a-z)", false),
                new("An uppercase letter (A-Z)", false),
                new("A digit (0-9)", false),
                new("A special character from @$!%*?&", false),
                new("At most 128 characters", true),
                new("Only letters, digits and ASCII punctuation (no spaces, accents or emoji)", true),
            ],
            checklist);
    }

    [Theory]
    [InlineData("abc", new[] { false, true, false, false, false, true, true })]
    [InlineData("ABCdef12", new[] { true, true, true, true, false, true, true })]
    [InlineData("Abcdef1$", new[] { true, true, true, true, true, true, true })]
    [InlineData("Abc def1$", new[] { true, true, true, true, true, true, false })]
    public void CheckPassword_AsPeopleType_TicksWhatIsMet(string password, bool[] met)
    {
        Assert.Equal(met, CreateClusterRules.CheckPassword(password).Select(r => r.IsMet));
    }

    [Fact]
    public void CheckPassword_AllMet_AgreesWithValidatePassword()
    {
        foreach (var password in new[] { "Abcdef1$", "Abcde1$", "abcdef1$", "Abc def1$", Strong })
        {
            var allMet = CreateClusterRules.CheckPassword(password).All(r => r.IsMet);

            Assert.Equal(allMet, CreateClusterRules.ValidatePassword(password, password).IsValid);
        }
    }

    [Fact]
    public void PasswordGenerator_200Passwords_AllPassTheRuleAndDiffer()
    {
        var passwords = Enumerable.Range(0, 200).Select(_ => PasswordGenerator.Generate()).ToList();

        Assert.All(passwords, p =>
        {
            Assert.Equal(PasswordGenerator.DefaultLength, p.Length);
            Assert.Empty(CreateClusterRules.ValidatePassword(p, p).Problems);
        });
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
    }

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(32)]
    [InlineData(128)]
    public void PasswordGenerator_AnyAllowedLength_PassesTheRule(int length)
    {
        for (var i = 0; i < 200; i++)
        {
            var password = PasswordGenerator.Generate(length);

            Assert.Equal(length, password.Length);
            Assert.Empty(CreateClusterRules.ValidatePassword(password, password).Problems);
        }
    }

    [Fact]
    public void PasswordGenerator_Output_HasNoLookAlikeCharacters()
    {
        var characters = string.Concat(Enumerable.Range(0, 200).Select(_ => PasswordGenerator.Generate()));

        Assert.DoesNotContain(characters, c => "0O1lIo".Contains(c, StringComparison.Ordinal));
    }

    [Fact]
    public void PasswordGenerator_RequiredClasses_AreNotAlwaysInTheSamePlace()
    {
        // The four required characters are placed first and then shuffled: the first character must vary in class.
        var firsts = Enumerable.Range(0, 200).Select(_ => PasswordGenerator.Generate()[0]).ToList();

        Assert.Contains(firsts, char.IsAsciiLetterUpper);
        Assert.Contains(firsts, char.IsAsciiLetterLower);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(129)]
    [InlineData(0)]
    public void PasswordGenerator_LengthOutsideTheRule_Throws(int length) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PasswordGenerator.Generate(length));

    private static void AssertPasswordOutcome(string password, bool valid, string message)
    {
        var report = CreateClusterRules.ValidatePassword(password, password);

        if (valid)
        {
            Assert.Empty(report.Problems);
        }
        else
        {
            Assert.Equal([new ValidationProblem(DraftFields.Password, message)], report.Problems);
        }
    }
}
