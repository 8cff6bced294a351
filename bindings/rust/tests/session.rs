//! The safe layer: each call against the emulator, the Result split, bad
//! configurations, arguments C cannot carry, and the session's lifetime.

mod common;

use common::{number, text, Emulator};
use extapi::{Config, ErrorCode, RateLimit, Session};
use serde_json::{json, Value};
use std::time::Duration;

#[test]
fn login_graphql_logout() {
    let emulator = Emulator::start();
    let session = emulator.xmc_session();

    let login = session.login().unwrap();
    assert_eq!(text(&login, "token.type"), "Bearer");
    assert!(number(&login, "token.expires_in") > 3000);
    assert_eq!(
        login.get("token.access_token"),
        None,
        "token exposed in {}",
        login.json()
    );

    let result = session
        .graphql(
            "query($site: String) { network { devices { ip } } }",
            Some(&json!({"site": "/World"})),
        )
        .unwrap();
    assert_eq!(result.status(), 200);
    assert_eq!(text(&result, "data.network.devices.1.ip"), "10.0.0.2");
    assert_eq!(text(&result, "data.variables.site"), "/World");

    let logout = session.logout().unwrap();
    assert_eq!(logout.get("revoked"), Some(&Value::Bool(false)));
    assert_eq!(emulator.counter("xmc_token"), 1);
    assert_eq!(emulator.counter("graphql"), 1);
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
    assert_eq!(number(&page, "data.count"), 5);
    assert_eq!(text(&page, "data.data.4.hostname"), "dev-25");

    let echo = session
        .request(
            "PATCH",
            "/api/things/7",
            Some(&json!({"name": "x", "tags": ["a", "b"]})),
        )
        .unwrap();
    assert_eq!(text(&echo, "data.method"), "PATCH");
    assert_eq!(text(&echo, "data.body.tags.1"), "b");

    let err = session.request("GET", "/api/status/500", None).unwrap_err();
    assert_eq!(err.code(), &ErrorCode::Http);
    assert_eq!(err.status(), 500);
    assert_eq!(number(err.document(), "data.status"), 500);
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
    assert_eq!(emulator.counter("xiq_login"), 1);
    assert_eq!(emulator.counter("devices"), 1);
    assert_eq!(emulator.counter("api"), 2);
    assert_eq!(emulator.counter("xiq_logout"), 1);
}

#[test]
fn response_headers_and_rate_limit() {
    let emulator = Emulator::start();
    emulator.configure(json!({"rate_limit_headers": "ietf"}));
    let session = emulator.session(
        r#"{"profile":"xiq","base_url":"${BASE_URL}","username":"admin@cust001.com","password":"xiq-password",
            "response_headers":["ETag","Link"]}"#,
    );
    let page = session
        .request("GET", "/devices?page=1&limit=10", None)
        .unwrap();
    let link = page.header("Link").expect("no Link header");
    assert!(
        link.ends_with(r#"/devices?page=2&limit=10>; rel="next""#),
        "{}",
        link
    );
    assert_eq!(
        page.headers().map(|(name, _)| name).collect::<Vec<_>>(),
        ["link"]
    );
    assert_eq!(
        page.rate_limit(),
        Some(RateLimit {
            limit: Some(1000),
            remaining: Some(999),
            reset: Some(Duration::from_secs(60))
        })
    );
    assert_eq!(page.retry_after(), None);

    let echo = session.request("GET", "/api/things?x=1", None).unwrap();
    assert_eq!(echo.header("etag"), Some(r#""e2ae434585aa127b""#));
    let last = session
        .request("GET", "/devices?page=3&limit=10", None)
        .unwrap();
    assert_eq!(last.headers().count(), 0);
}

#[test]
fn rate_limited_carries_retry_after() {
    let emulator = Emulator::start();
    emulator.fault(json!({"path": "/api/limited", "kind": "status", "status": 429, "retry_after": "1",
                          "headers": {"RateLimit-Limit": "100", "RateLimit-Remaining": "0"}}));
    let session = emulator.session(
        r#"{"profile":"basic","base_url":"${BASE_URL}","username":"basic-user","password":"basic-password","retries":0}"#,
    );
    let err = session.request("GET", "/api/limited", None).unwrap_err();
    assert_eq!(err.code(), &ErrorCode::RateLimited);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(1)));
    let limit = err.document().rate_limit().expect("no rate_limit");
    assert_eq!(
        (limit.limit, limit.remaining, limit.reset),
        (Some(100), Some(0), None)
    );
}

#[test]
fn data_is_lossless() {
    let emulator = Emulator::start();
    emulator.configure(json!({"basic_password": "admin"}));
    emulator.fault(json!({"path": "/api/big", "kind": "status", "status": 200,
        "body": r#"{"id":9007199254740993,"name":"admin-building","owner":"admin","price":1.50}"#}));
    let session = emulator.session(
        r#"{"profile":"basic","base_url":"${BASE_URL}","username":"basic-user","password":"admin"}"#,
    );
    let big = session.request("GET", "/api/big", None).unwrap();
    assert_eq!(
        big.json_at("data"),
        Some(
            r#"{"id":9007199254740993,"name":"admin-building","owner":"[redacted]","price":1.50}"#
        )
    );
    // The parsed form keeps every digit too (arbitrary_precision), and
    // the member order (preserve_order).
    assert_eq!(number(&big, "data.id"), 9007199254740993);
    assert_eq!(big.data().unwrap().to_string(), big.json_at("data").unwrap());
    assert_eq!(text(&big, "data.name"), "admin-building");

    #[derive(serde::Deserialize)]
    struct Big {
        id: u64,
        price: f64,
        owner: String,
    }
    let typed: Big = big.data_as().unwrap();
    assert_eq!(
        (typed.id, typed.price, typed.owner.as_str()),
        (9007199254740993, 1.5, "[redacted]")
    );
}

#[test]
fn info_lists_exchanges() {
    let emulator = Emulator::start();
    let session = emulator.xmc_session();
    session.graphql("{ a }", None).unwrap();
    let info = session.info().unwrap();
    let exchanges = info.get("exchanges").and_then(Value::as_array).unwrap();
    assert_eq!(exchanges.len(), 2, "{}", info.json());
    assert_eq!(text(&info, "exchanges.0.endpoint"), "token");
    assert_eq!(text(&info, "exchanges.0.client_auth"), "basic_raw");
    assert!(text(&info, "exchanges.0.url").ends_with("/oauth/token/access-token"));
    assert_eq!(text(&info, "exchanges.1.endpoint"), "api");
    assert_eq!(number(&info, "exchanges.1.status"), 200);
    assert_eq!(info.get("exchanges.1.error"), Some(&Value::Null));
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
    assert_eq!(number(&info, "counters.logins"), 1);
    assert_eq!(number(&info, "counters.refreshes"), 2);
    assert_eq!(emulator.counter("oauth_token_password"), 1);
    assert_eq!(emulator.counter("oauth_token_refresh_token"), 2);
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
fn bad_config_is_an_error_at_construction() {
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
        let err = Session::from_json(config).unwrap_err();
        assert_eq!(err.code(), &ErrorCode::InvalidConfig, "{}", err.document().json());
        assert_eq!(err.key(), Some(key));
        assert_eq!(text(err.document(), "error.key"), key);
        assert!(!err.message().is_empty());
        assert_eq!(err.status(), 0);
    }
    let err = Session::from_json("{ not json").unwrap_err();
    assert_eq!(err.code(), &ErrorCode::InvalidConfig);

    // The typed configuration: a missing credential, and a secret that
    // must not appear in the error.
    let err = Session::new(&Config {
        profile: "xiq".into(),
        base_url: "http://127.0.0.1:9".into(),
        username: Some("admin".into()),
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!((err.code(), err.key()), (&ErrorCode::InvalidConfig, Some("password")));
    let err = Session::new(&Config {
        profile: "basic".into(),
        base_url: "http://127.0.0.1:9".into(),
        username: Some("u".into()),
        password: Some("s3cret-pw".into()),
        timeout_ms: Some(0),
        extra: [("colour".to_owned(), Value::from("s3cret-pw"))].into_iter().collect(),
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(err.code(), &ErrorCode::InvalidConfig);
    assert!(!err.document().json().contains("s3cret-pw"), "{}", err.document().json());
}

#[test]
fn a_valid_config_constructs_and_reports_nothing() {
    let session = Session::new(&Config {
        profile: "bearer".into(),
        base_url: "http://127.0.0.1:9".into(),
        token: Some("t".into()),
        retries: Some(0),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(session.info().unwrap().get("config_error"), Some(&Value::Null));
}

#[test]
fn nul_bytes_are_invalid_argument_and_send_nothing() {
    let emulator = Emulator::start();
    let err = Session::from_json("{\"profile\":\"xmc\0\"}").unwrap_err();
    assert_eq!(err.code(), &ErrorCode::InvalidArgument);
    assert_eq!(err.status(), 0);
    assert_eq!(text(err.document(), "error.code"), "invalid_argument");

    let session = emulator.xmc_session();
    // A NUL inside a JSON value is escaped (\u0000) and passes; a NUL in
    // text given as is cannot.
    let text_body = extapi::Options::new().content_type("text/plain");
    let results = [
        session.graphql("{ a\0 }", None),
        session.request("GET\0", "/api/x", None),
        session.request("GET", "/api/x\0y", None),
        session.request_with("POST", "/api/x", Some(&json!("a\0b")), &text_body),
        session.login_with(&extapi::Options::new().set("x\0", 1)),
    ];
    for (result, argument) in
        results
            .into_iter()
            .zip(["query", "method", "path", "body", "options"])
    {
        let err = result.unwrap_err();
        assert_eq!(err.code(), &ErrorCode::InvalidArgument);
        assert!(err.message().starts_with(argument), "{}", err.message());
    }
    assert_eq!(emulator.counters(), json!({}), "a request reached the server");
}

#[test]
fn close_then_call_is_invalid_argument() {
    let mut session =
        Session::from_json(r#"{"profile":"bearer","base_url":"http://127.0.0.1:9","token":"t"}"#)
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
    shareable::<extapi::Cancel>();
}

#[test]
fn paginate_follows_every_page_style() {
    let emulator = Emulator::start();
    let session = emulator.session(r#"{"profile":"bearer","base_url":"${BASE_URL}","token":"static-token"}"#);
    let devices = session.paginate("/devices?limit=10", &extapi::Options::new()).unwrap();
    assert_eq!(devices.get("data").and_then(Value::as_array).map(Vec::len), Some(25));
    assert_eq!(text(&devices, "style"), "xiq");
    assert_eq!(devices.get("complete"), Some(&Value::Bool(true)));
    let tenants = session
        .paginate("/tenants", &extapi::Options::new().query("pageSize", "10"))
        .unwrap();
    assert_eq!(tenants.get("data").and_then(Value::as_array).map(Vec::len), Some(23));
    assert_eq!(text(&tenants, "style"), "msx");
    let first_two = session
        .paginate("/links", &extapi::Options::new().max_pages(2))
        .unwrap();
    assert_eq!(first_two.get("data").and_then(Value::as_array).map(Vec::len), Some(8));
    assert_eq!(first_two.get("complete"), Some(&Value::Bool(false)));
    assert_eq!(emulator.counter("links"), 2);
}
