using Microsoft.AspNetCore.Components.Authorization;
using Portal.Application.Identity;

namespace Portal.Web.Identity;

/// <summary>The signed-in <see cref="PortalUser"/> for the current circuit or request.</summary>
public sealed class CurrentUserAccessor(AuthenticationStateProvider authenticationStateProvider)
{
    public async Task<PortalUser> GetAsync()
    {
        var state = await authenticationStateProvider.GetAuthenticationStateAsync();
        return state.User.ToPortalUser();
    }
}
