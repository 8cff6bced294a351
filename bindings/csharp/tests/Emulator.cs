// The emulator started by with-emulator.sh, driven through the binding
// itself: a basic-profile client on its control endpoints.
using System;
using ExtApi;

sealed class Emulator : IDisposable {
    public readonly string Url;
    readonly Client control;

    /// Connects to EXTAPI_EMULATOR_URL and resets the emulator.
    public Emulator() {
        Url = Environment.GetEnvironmentVariable("EXTAPI_EMULATOR_URL");
        if (string.IsNullOrEmpty(Url))
            throw new InvalidOperationException("EXTAPI_EMULATOR_URL is not set: run through with-emulator.sh");
        control = new Client(Config("{\"profile\":\"basic\",\"base_url\":\"${BASE_URL}\",\"username\":\"x\",\"password\":\"y\"}"));
        Reset();
    }

    /// A configuration with every ${BASE_URL} replaced by the emulator's.
    public string Config(string template) {
        return template.Replace("${BASE_URL}", Url);
    }

    public Client Open(string configTemplate) {
        return new Client(Config(configTemplate));
    }

    /// An xmc client with the emulator's default credentials.
    public Client Xmc() {
        return Open("{\"profile\":\"xmc\",\"base_url\":\"${BASE_URL}\",\"client_id\":\"xmc-client\",\"client_secret\":\"xmc-secret+/=!\"}");
    }

    public void Reset() { Control("POST", "/_emu/reset", null); }
    public void Configure(string json) { Control("POST", "/_emu/config", json); }
    public void Fault(string json) { Control("POST", "/_emu/fault", json); }

    /// An emulator counter; an absent counter is 0.
    public double Counter(string name) {
        object value = Control("GET", "/_emu/counters", null).Get("data." + name);
        return value == null ? 0 : (double)value;
    }

    Result Control(string method, string path, string body) {
        Result result = control.Request(method, path, body).EnsureOk();
        Check.Equal(200, result.Status, method + " " + path + " status");
        return result;
    }

    public void Dispose() { control.Dispose(); }
}
