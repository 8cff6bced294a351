// Logs in to an XMC server, runs a GraphQL query, logs out.
// Usage: mono Example.exe BASE_URL, with the client secret in XMC_CLIENT_SECRET.
using System;
using System.Collections.Generic;
using ExtApi;

static class Example {
    static int Main(string[] args) {
        string baseUrl = args.Length > 0 ? args[0] : "https://xmc.example:8443";
        // The secret stays out of the program: the library reads it from the
        // environment variable named here.
        string config = "{\"profile\": \"xmc\", \"base_url\": " + Json.Quote(baseUrl) +
                        ", \"client_id\": \"xmc-client\", \"client_secret_env\": \"XMC_CLIENT_SECRET\"}";
        try {
            using (var client = new Client(config)) {
                Console.WriteLine("login: " + client.Login().EnsureOk().Json);

                Result result = client.GraphQL("{ network { devices { ip } } }").EnsureOk();
                foreach (IDictionary<string, object> device in (IList<object>)result.Get("data.network.devices"))
                    Console.WriteLine("device " + device["ip"]);

                Console.WriteLine("logout: " + client.Logout().EnsureOk().Json);
            }
            return 0;
        } catch (ExtApiException e) {
            Console.Error.WriteLine("failed: " + e.Message);
            return 1;
        }
    }
}
