"""moto's S3 server behind a check of AWS Signature Version 4, as S3 itself does it.

moto (in its default mode) accepts any Authorization header and ignores pre-signed query parameters. This layer
recomputes every signature from the request as received, with the one key pair given in the environment
(MOTO_VERIFY_ACCESS_KEY_ID, MOTO_VERIFY_SECRET), and answers 403 for a wrong signature, an unknown key, a wrong
payload hash or an expired pre-signed URL. Everything else goes to moto unchanged.

Usage: python3 moto_verify.py HOST PORT
"""
import datetime
import hashlib
import hmac
import io
import os
import sys
from urllib.parse import parse_qsl, quote

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

KEY_ID = os.environ["MOTO_VERIFY_ACCESS_KEY_ID"]
SECRET = os.environ["MOTO_VERIFY_SECRET"]


def encode(text, keep_slash=False):
    return quote(text, safe="-_.~" + ("/" if keep_slash else ""))


def signature(date, scope_parts, canonical):
    string_to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", date, "/".join(scope_parts), hashlib.sha256(canonical.encode()).hexdigest()]
    )
    key = ("AWS4" + SECRET).encode()
    for part in scope_parts:
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


def canonical_query(pairs):
    encoded = sorted((encode(k), encode(v)) for k, v in pairs)
    return "&".join(f"{k}={v}" for k, v in encoded)


def refuse(start_response, code, message):
    body = f"<?xml version='1.0' encoding='UTF-8'?><Error><Code>{code}</Code><Message>{message}</Message></Error>"
    start_response("403 Forbidden", [("Content-Type", "application/xml"), ("Content-Length", str(len(body)))])
    return [body.encode()]


def raw_path(environ):
    uri = environ.get("RAW_URI") or environ.get("REQUEST_URI") or quote(environ.get("PATH_INFO", "/"))
    return uri.split("?", 1)[0]


def check(environ):
    """None when the request is signed correctly (or not signed at all), else (code, message)."""
    method = environ["REQUEST_METHOD"]
    path = raw_path(environ)
    if path.startswith("/moto-api"):
        return None
    query = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    params = dict(query)
    host = environ.get("HTTP_HOST", "")
    if "Signature" in params or "AWSAccessKeyId" in params:
        return ("AccessDenied", "only AWS Signature Version 4 is accepted here")
    if "X-Amz-Signature" in params:
        credential = params.get("X-Amz-Credential", "").split("/")
        if len(credential) != 5 or credential[0] != KEY_ID:
            return ("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
        try:
            signed_at = datetime.datetime.strptime(params["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(
                tzinfo=datetime.timezone.utc
            )
            expires = int(params["X-Amz-Expires"])
        except (KeyError, ValueError):
            return ("AuthorizationQueryParametersError", "X-Amz-Date and X-Amz-Expires are required")
        if datetime.datetime.now(datetime.timezone.utc) > signed_at + datetime.timedelta(seconds=expires):
            return ("AccessDenied", "Request has expired")
        signed_headers = params.get("X-Amz-SignedHeaders", "")
        if signed_headers != "host":
            return ("AccessDenied", "only the host header may be signed here")
        canonical = "\n".join(
            [
                method,
                path,
                canonical_query([(k, v) for k, v in query if k != "X-Amz-Signature"]),
                f"host:{host}\n",
                "host",
                "UNSIGNED-PAYLOAD",
            ]
        )
        if not hmac.compare_digest(signature(params["X-Amz-Date"], credential[1:], canonical), params["X-Amz-Signature"]):
            return ("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.")
        return None
    authorization = environ.get("HTTP_AUTHORIZATION")
    if not authorization:
        return None
    try:
        algorithm, rest = authorization.split(" ", 1)
        fields = dict(part.strip().split("=", 1) for part in rest.split(","))
        credential = fields["Credential"].split("/")
        signed_headers = fields["SignedHeaders"].split(";")
        provided = fields["Signature"]
    except (ValueError, KeyError):
        return ("AuthorizationHeaderMalformed", "The authorization header is malformed")
    if algorithm != "AWS4-HMAC-SHA256" or len(credential) != 5 or credential[0] != KEY_ID:
        return ("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
    headers = {}
    for name in signed_headers:
        key = "HTTP_" + name.upper().replace("-", "_")
        if name == "content-type":
            key = "CONTENT_TYPE"
        elif name == "content-length":
            key = "CONTENT_LENGTH"
        headers[name] = " ".join(environ.get(key, "").split())
    payload_hash = environ.get("HTTP_X_AMZ_CONTENT_SHA256", "")
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)
    if payload_hash != "UNSIGNED-PAYLOAD" and payload_hash != hashlib.sha256(body).hexdigest():
        return ("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.")
    canonical = "\n".join(
        [
            method,
            path,
            canonical_query(query),
            "".join(f"{name}:{headers[name]}\n" for name in signed_headers),
            ";".join(signed_headers),
            payload_hash,
        ]
    )
    if not hmac.compare_digest(signature(environ.get("HTTP_X_AMZ_DATE", ""), credential[1:], canonical), provided):
        return ("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.")
    return None


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    moto = DomainDispatcherApplication(create_backend_app)

    def app(environ, start_response):
        problem = check(environ)
        if problem:
            return refuse(start_response, *problem)
        return moto(environ, start_response)

    run_simple(host, port, app, threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
