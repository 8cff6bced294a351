//! Logs in to an XMC server, runs a GraphQL query, logs out.
//! Usage: demo BASE_URL, with the client secret in XMC_CLIENT_SECRET.

use extapi::{Config, Session};
use serde::Deserialize;
use std::time::Duration;

#[derive(Deserialize)]
struct Data {
    network: Network,
}

#[derive(Deserialize)]
struct Network {
    devices: Vec<Device>,
}

#[derive(Deserialize)]
struct Device {
    ip: String,
}

fn main() -> Result<(), extapi::Error> {
    let base_url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "https://xmc.example:8443".to_owned());
    // The secret stays out of the program: the library reads it from the
    // environment variable named here.  A bad configuration fails here.
    let session = Session::new(&Config {
        profile: "xmc".into(),
        base_url,
        client_id: Some("xmc-client".into()),
        client_secret_env: Some("XMC_CLIENT_SECRET".into()),
        ..Default::default()
    })?;

    let login = session.login()?;
    println!("login: {}", login.json());

    // At most 10 s for the whole call, retries included.
    let options = extapi::Options::new().deadline(Duration::from_secs(10));
    let result = session.graphql_with("{ network { devices { ip } } }", None, &options)?;
    for device in result.data_as::<Data>()?.network.devices {
        println!("device {}", device.ip);
    }

    println!("logout: {}", session.logout()?.json());
    Ok(())
}
