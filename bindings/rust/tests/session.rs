//! The safe layer: each call against the emulator, the Result split, bad
//! configurations, arguments C cannot carry, and the session's lifetime.

mod common;

use common::{number, text, Emulator};
use extapi::json::Value;
use extapi::{ErrorCode, Session};

#[test]
fn login_graphql_logout() {
    let emulator = Emulator::start();
    let session = emulator.xmc_session();

    let login = session.login().unwrap();
    assert_eq!(text(&login, "token.type"), "Bearer");
    assert!(number(&login, "token.expires_in") > 3000.0);
    assert_eq!(
        login.get("token.access_token"),
        None,
        "token exposed in {}",
        login.json()
    );

    let result = session
        .graphql(
            "query($site: String) { network { devices { ip } } }",
            Some(r#"{"site":"/World"}"#),
        )
        .unwrap();
    assert_eq!(result.status(), 200);
    assert_eq!(text(&result, "data.network.devices.1.ip"), "10.0.0.2");
    assert_eq!(text(&result, "data.variables.site"), "/World");

    let logout = session.logout().unwrap();
    assert_eq!(logout.get("revoked"), Some(&Value::Bool(false)));
    assert_eq!(emulator.counter("xmc_token"), 1.0);
    assert_eq!(emulator.counter("graphql"), 1.0);
}

#[test]
fn graphql_errors_are_an_error_keeping_partial_data() {
    let emulator = Emulator::start();
    let err = emulator
        .xmc_session()
        .graphql("{ error }", None)
        .unwrap_err();
    assert_eq!(err.code(), &ErrorCode::Graphql);
    assert_eq!(err.status(), 200);
    assert_eq!(err.document().get("data.partial"), Some(&Value::Bool(true)));
    assert!(err.document().get("error.errors.0.message").is_some());
}

#[test]
fn rest_calls() {
    let emulator = Emulator::start();
    let session = emulator.session(
        r#"{"profile":"xiq","base_url":"${BASE_URL}","username":"admin@cust001.com","password":"xiq-password"}"#,
    );

    let page = session
        .request("GET", "/devices?page=3&limit=10", None)
        .unwrap();
    assert_eq!(number(&page, "data.count"), 5.0);
    assert_eq!(text(&page, "data.data.4.hostname"), "dev-25");

    let echo = session
        .request(
            "PATCH",
            "/api/things/7",
            Some(r#"{"name":"x","tags":["a","b"]}"#),
        )
        .unwrap();
    assert_eq!(text(&echo, "data.method"), "PATCH");
    assert_eq!(text(&echo, "data.body.tags.1"), "b");

    let err = session.request("GET", "/api/status/500", None).unwrap_err();
    assert_eq!(err.code(), &ErrorCode::Http);
    assert_eq!(err.status(), 500);
    assert_eq!(number(err.document(), "data.status"), 500.0);
    assert_eq!(
        err.to_string(),
        format!("http: {} (HTTP 500)", err.message())
    );

    let logout = session.logout().unwrap();
    assert_eq!(logout.get("revoked"), Some(&Value::Bool(true)));
    assert_eq!(
        session.info().unwrap().get("has_token"),
        Some(&Value::Bool(false))
    );
    assert_eq!(emulator.counter("xiq_login"), 1.0);
    assert_eq!(emulator.counter("devices"), 1.0);
    assert_eq!(emulator.counter("api"), 2.0);
    assert_eq!(emulator.counter("xiq_logout"), 1.0);
}

#[test]
fn token_refresh_uses_the_refresh_token() {
    let emulator = Emulator::start();
    let session = emulator.session(
        r#"{"profile":"oauth2","base_url":"${BASE_URL}","client_id":"oauth-client","client_secret":"oauth-secret+/=!",
            "grant_type":"password","username":"alice","password":"alice-password"}"#,
    );
    assert_eq!(
        session.login().unwrap().get("token.refreshable"),
        Some(&Value::Bool(true))
    );
    for _ in 0..2 {
        let refreshed = session.token_refresh().unwrap();
        assert_eq!(refreshed.get("token.refreshable"), Some(&Value::Bool(true)));
    }
    assert_eq!(
        session
            .request("GET", "/api/after-refresh", None)
            .unwrap()
            .status(),
        200
    );

    let info = session.info().unwrap();
    assert_eq!(number(&info, "counters.logins"), 1.0);
    assert_eq!(number(&info, "counters.refreshes"), 2.0);
    assert_eq!(emulator.counter("oauth_token_password"), 1.0);
    assert_eq!(emulator.counter("oauth_token_refresh_token"), 2.0);
}

#[test]
fn wrong_credentials_are_auth_failed() {
    let emulator = Emulator::start();
    let session = emulator.session(
        r#"{"profile":"oauth2","base_url":"${BASE_URL}","client_id":"oauth-client","client_secret":"wrong"}"#,
    );
    let err = session.login().unwrap_err();
    assert_eq!(err.code(), &ErrorCode::AuthFailed);
    assert_eq!(err.status(), 401);
    assert_eq!(text(err.document(), "error.oauth.error"), "invalid_client");
}

#[test]
fn bad_config_answers_invalid_config() {
    // No emulator: a session with a bad configuration never connects.
    for (config, key) in [
        (
            r#"{"profile":"xmc","base_url":"http://127.0.0.1:9","client_id":"c","client_secret":"s","colour":"blue"}"#,
            "colour",
        ),
        (
            r#"{"profile":"nope","base_url":"http://127.0.0.1:9"}"#,
            "profile",
        ),
        (
            r#"{"profile":"bearer","base_url":"http://127.0.0.1:9","token":"t","retries":"many"}"#,
            "retries",
        ),
    ] {
        let session = Session::new(config).unwrap();
        for result in [
            session.login(),
            session.graphql("{ a }", None),
            session.request("GET", "/x", None),
        ] {
            let err = result.unwrap_err();
            assert_eq!(
                err.code(),
                &ErrorCode::InvalidConfig,
                "{}",
                err.document().json()
            );
            assert_eq!(text(err.document(), "error.key"), key);
        }
        assert_eq!(text(&session.info().unwrap(), "config_error.key"), key);
    }
    let err = Session::new("{ not json").unwrap().login().unwrap_err();
    assert_eq!(err.code(), &ErrorCode::InvalidConfig);
}

#[test]
fn nul_bytes_are_invalid_argument_and_send_nothing() {
    let emulator = Emulator::start();
    let err = Session::new("{\"profile\":\"xmc\0\"}").unwrap_err();
    assert_eq!(err.code(), &ErrorCode::InvalidArgument);
    assert_eq!(err.status(), 0);
    assert_eq!(text(err.document(), "error.code"), "invalid_argument");

    let session = emulator.xmc_session();
    let results = [
        session.graphql("{ a\0 }", None),
        session.graphql("{ a }", Some("{\"v\":\"\0\"}")),
        session.request("GET\0", "/api/x", None),
        session.request("GET", "/api/x\0y", None),
        session.request("POST", "/api/x", Some("\0")),
    ];
    for (result, argument) in
        results
            .into_iter()
            .zip(["query", "variables", "method", "path", "body"])
    {
        let err = result.unwrap_err();
        assert_eq!(err.code(), &ErrorCode::InvalidArgument);
        assert!(err.message().starts_with(argument), "{}", err.message());
    }
    assert_eq!(
        emulator.counters(),
        Value::Object(Vec::new()),
        "a request reached the server"
    );
}

#[test]
fn close_then_call_is_invalid_argument() {
    let mut session =
        Session::new(r#"{"profile":"bearer","base_url":"http://127.0.0.1:9","token":"t"}"#)
            .unwrap();
    assert!(!session.is_closed());
    session.close();
    assert!(session.is_closed());
    for result in [
        session.login(),
        session.graphql("{ a }", None),
        session.request("GET", "/x", None),
        session.token_refresh(),
        session.logout(),
        session.info(),
    ] {
        assert_eq!(result.unwrap_err().code(), &ErrorCode::InvalidArgument);
    }
    session.close(); // twice is harmless, and so is the Drop that follows
    assert_eq!(format!("{:?}", session), "Session { closed: true }");
}

#[test]
fn version_is_the_crates() {
    let version = extapi::version();
    assert_eq!(
        version
            .split('.')
            .filter(|part| part.parse::<u32>().is_ok())
            .count(),
        3,
        "{}",
        version
    );
    assert_eq!(
        version.split('.').next(),
        Some(env!("CARGO_PKG_VERSION_MAJOR"))
    );
}

#[test]
fn session_is_send_and_sync() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Session>();
    shareable::<extapi::Error>();
}

#[test]
fn readme_shows_the_example() {
    // The example runs in the rust_example test; the README must show it as is.
    assert!(include_str!("../README.md").contains(include_str!("../example/demo.rs")));
}
