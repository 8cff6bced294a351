// Logs in to an XMC server, runs a GraphQL query, logs out.
// Usage: mono Example.exe BASE_URL, with the client secret in XMC_CLIENT_SECRET.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ExtApi;

static class Example {
    static async Task<int> Run(string baseUrl) {
        var options = new ClientOptions {
            Profile = Profile.Xmc,
            BaseUrl = baseUrl,
            ClientId = "xmc-client",
            // The secret stays out of the program: the library reads it
            // from the environment variable named here.
            ClientSecretEnv = "XMC_CLIENT_SECRET",
            Timeout = TimeSpan.FromSeconds(10),
        };
        try {
            // The whole run may take 30 s; cancelling the token cuts a call short.
            using (var budget = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            using (var client = new Client(options)) {
                Result login = await client.LoginAsync(null, budget.Token);
                Console.WriteLine("login: " + login.Json);

                Result result = await client.GraphQLAsync("{ network { devices { ip } } }", null, null, budget.Token);
                foreach (IDictionary<string, object> device in (IList<object>)result.Get("data.network.devices"))
                    Console.WriteLine("device " + device["ip"]);

                Console.WriteLine("logout: " + client.Logout().Json);
            }
            return 0;
        } catch (ExtApiException e) {
            // e.Code is an ExtApiErrorCode (AuthFailed, Timeout, ...).
            Console.Error.WriteLine("failed: " + e.Message);
            return e.Code == ExtApiErrorCode.AuthFailed ? 2 : 1;
        } catch (OperationCanceledException) {
            Console.Error.WriteLine("failed: out of time");
            return 1;
        }
    }

    static int Main(string[] args) {
        return Run(args.Length > 0 ? args[0] : "https://xmc.example:8443").GetAwaiter().GetResult();
    }
}
