using Portal.Application.Requests.Create;

namespace Portal.Web.Hosting;

/// <summary>The create wizard's settings: the price list behind the estimate and the sizing presets.</summary>
public static class WizardRegistration
{
    public static IServiceCollection AddPortalWizard(this IServiceCollection services)
    {
        services.AddOptions<PricingOptions>()
            .BindConfiguration(PricingOptions.Section)
            .Validate(p => p.PerCoreHour >= 0 && p.PerGbRamHour >= 0 && p.PerGbStorageHour >= 0,
                $"{PricingOptions.Section}: prices (PerCoreHour, PerGbRamHour, PerGbStorageHour) must not be negative.")
            .Validate(p => p.HoursPerMonth > 0, $"{PricingOptions.Section}:HoursPerMonth must be greater than 0 (730 is a month).")
            .Validate(p => !string.IsNullOrWhiteSpace(p.Currency), $"{PricingOptions.Section}:Currency must be set, for example EUR.")
            .ValidateOnStart();
        services.AddOptions<SizingPresetOptions>()
            .BindConfiguration(SizingPresetOptions.Section)
            .Validate(o => o.Presets.All(p => !string.IsNullOrWhiteSpace(p.Name)),
                $"{SizingPresetOptions.Section}:Presets: every preset needs a Name.")
            .Validate(o => o.Presets.All(p => p.Instances >= 1 && p.Cores >= 1 && p.RamGb >= 1 && p.StorageGb >= 1),
                $"{SizingPresetOptions.Section}:Presets: Instances, Cores, RamGb and StorageGb must each be at least 1.")
            .ValidateOnStart();
        return services;
    }
}
