//! Logs in to an XMC server, runs a GraphQL query, logs out.
//! Usage: demo BASE_URL, with the client secret in XMC_CLIENT_SECRET.

use extapi::json::{quote, Value};
use extapi::Session;

fn main() -> Result<(), extapi::Error> {
    let base_url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "https://xmc.example:8443".to_owned());
    // The secret stays out of the program: the library reads it from the
    // environment variable named here.
    let config = format!(
        r#"{{"profile": "xmc", "base_url": {}, "client_id": "xmc-client",
             "client_secret_env": "XMC_CLIENT_SECRET"}}"#,
        quote(&base_url)
    );
    let session = Session::new(&config)?;

    let login = session.login()?;
    println!("login: {}", login.json());

    let result = session.graphql("{ network { devices { ip } } }", None)?;
    let devices = result
        .get("data.network.devices")
        .and_then(Value::as_array)
        .unwrap_or(&[]);
    for device in devices {
        println!(
            "device {}",
            device.get("ip").and_then(Value::as_str).unwrap_or("?")
        );
    }

    println!("logout: {}", session.logout()?.json());
    Ok(())
}
