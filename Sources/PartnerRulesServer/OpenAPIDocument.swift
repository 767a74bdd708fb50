// Generated from schemas/openapi.yaml by `UPDATE_DOCS=1 swift test --filter OpenAPITests`; edit the YAML, not this file.

/// `schemas/openapi.yaml`, embedded in the binary so the static release serves `GET /openapi.yaml` without a
/// resource folder. A test holds it equal to the file.
public enum OpenAPIDocument {
    /// The document's text.
    public static let text = ##"""
    openapi: 3.1.0
    info:
      title: PartnerRules service
      version: "2"
      summary: The partner-rules engine over HTTP (`partner-rules serve`).
      description: |
        Every route of `partner-rules serve` (SPEC 14 and 17). Request and verdict shapes are the
        JSON Schemas beside this file (`integration-request.schema.json`, `existing-integrations.schema.json`,
        `verdict.schema.json`), referenced rather than copied. Every error answer has one shape,
        `{"error": {"line", "column", "path", "message"}}`. JSON bodies over 1 MiB get 413; `/v1/classify`
        takes CSV bodies up to 1 GiB. Every answer carries `X-Request-Id` (the client's, or a new one).
        The server also answers 404 (no route) and 503 (no catalog active yet, under `serve --watch`)
        in the error shape.
      license:
        name: see the repository
    servers:
      - url: http://127.0.0.1:8080
    paths:
      /healthz:
        get:
          operationId: health
          summary: 200 while the process runs.
          responses:
            "200":
              description: The process runs.
              headers: {X-Request-Id: {$ref: "#/components/headers/RequestID"}}
              content:
                text/plain:
                  schema: {type: string, const: "ok\n"}
      /readyz:
        get:
          operationId: ready
          summary: 200 with the active revision once a catalog is active, else 503.
          responses:
            "200":
              description: A catalog is active.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Readiness"}
                  example: {revision: "sha256:9f2c1e0b7d4a3c58e6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70"}
            "503": {$ref: "#/components/responses/NotReady"}
      /metrics:
        get:
          operationId: metrics
          summary: Prometheus text.
          description: |
            `partner_rules_http_requests_total{route,status}`, `partner_rules_http_request_duration_seconds{route}`
            (histogram), `partner_rules_verdicts_total{code}`, `partner_rules_reloads_total{outcome}`,
            `partner_rules_catalog_info{revision}`. `route` is the route template (`/v1/partners/{id}`), or
            `unmatched`.
          responses:
            "200":
              description: Prometheus text exposition format 0.0.4.
              content:
                text/plain:
                  schema: {type: string}
      /openapi.yaml:
        get:
          operationId: openapi
          summary: This document.
          responses:
            "200":
              description: The OpenAPI 3.1 document of every route.
              content:
                application/yaml:
                  # The YAML text; a client that reads it as YAML gets the document's mapping.
                  schema: {type: object}
      /v1/reload:
        post:
          operationId: reload
          summary: Reloads the catalog; the last good one stays when the new files have errors.
          description: "With a reload token (`serve --reload-token-file FILE` or `PARTNER_RULES_RELOAD_TOKEN`), needs `Authorization: Bearer TOKEN`."
          parameters:
            - name: Authorization
              in: header
              required: false
              schema: {type: string}
              example: Bearer s3cret-reload-token
          responses:
            "200":
              description: The new catalog is active.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Reloaded"}
            "401":
              description: A reload token is set and the request does not carry it.
              headers:
                WWW-Authenticate: {schema: {type: string, const: Bearer}}
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            "409":
              description: The files have errors (the findings, as lint's json); the last good catalog stays active.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Findings"}
      /v1/partners:
        get:
          operationId: partners
          summary: The catalog's partners.
          responses:
            "200":
              description: Every partner, sorted by id.
              headers: {X-Catalog-Revision: {$ref: "#/components/headers/CatalogRevision"}}
              content:
                application/json:
                  schema:
                    type: array
                    items: {$ref: "#/components/schemas/PartnerSummary"}
            "503": {$ref: "#/components/responses/NotReady"}
      /v1/partners/{id}:
        get:
          operationId: partner
          summary: One partner's credential form.
          parameters: [{$ref: "#/components/parameters/PartnerID"}]
          responses:
            "200":
              description: The form the product shows for the partner.
              headers: {X-Catalog-Revision: {$ref: "#/components/headers/CatalogRevision"}}
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/PartnerForm"}
            "404": {$ref: "#/components/responses/UnknownPartner"}
            "503": {$ref: "#/components/responses/NotReady"}
      /v1/partners/{id}/source:
        get:
          operationId: partnerSource
          summary: The partner file's text, as the catalog was loaded.
          parameters: [{$ref: "#/components/parameters/PartnerID"}]
          responses:
            "200":
              description: The YAML file.
              headers: {X-Catalog-Revision: {$ref: "#/components/headers/CatalogRevision"}}
              content:
                application/yaml:
                  # The file's text, byte for byte; a partner file of an active catalog is always one YAML mapping.
                  schema: {type: object}
            "404": {$ref: "#/components/responses/UnknownPartner"}
            "503": {$ref: "#/components/responses/NotReady"}
      /v1/check:
        post:
          operationId: check
          summary: Checks one integration request; the verdict names the catalog revision it was computed with.
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: "#/components/schemas/CheckBody"}
                examples:
                  bare:
                    value: {partner: acme, apps: [com.acme.game], user: ana@acme.example, credentials: {token: tok-1}}
                  envelope:
                    value:
                      request: {partner: acme, apps: [com.acme.game], credentials: {token: tok-1}}
                      existing: [{partner: acme, apps: [com.acme.other]}]
                      today: "2026-11-20"
          responses:
            "200":
              description: The verdict, valid or not.
              headers: {X-Catalog-Revision: {$ref: "#/components/headers/CatalogRevision"}}
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/CheckAnswer"}
            "400": {$ref: "#/components/responses/BadJSON"}
            "413": {$ref: "#/components/responses/TooLarge"}
            "503": {$ref: "#/components/responses/NotReady"}
      /v1/check/batch:
        post:
          operationId: checkBatch
          summary: Checks up to 10,000 requests with one catalog; answers each item in order, by the id it was given.
          description: |
            `common` holds request members every item shares; an item's own `request` members win, key by key at the
            top level (`"credentials": null` in an item drops the common credentials). An item that cannot be read gets
            `{"id", "error"}` with its JSON path (`items[3].request.apps[0]`) and the others are still decided. The batch
            as a whole is refused (400) when it is not JSON, has no items, gives one id twice, or has a `common` that
            is not an object of request members; 413 past 10,000 items or 16 MiB. Every verdict carries the revision
            of the one catalog the batch was decided with.
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: "#/components/schemas/CheckBatch"}
                example:
                  common: {partner: acme, apps: [com.acme.game]}
                  items:
                    - {id: "1", request: {credentials: {token: tok-1}}}
                    - {id: "2", request: {partner: beta}, today: "2026-11-20"}
          responses:
            "200":
              description: One result per item, in item order.
              headers: {X-Catalog-Revision: {$ref: "#/components/headers/CatalogRevision"}}
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/CheckBatchAnswer"}
            "400": {$ref: "#/components/responses/BadJSON"}
            "413": {$ref: "#/components/responses/TooLarge"}
            "503": {$ref: "#/components/responses/NotReady"}
      /v1/check/ndjson:
        post:
          operationId: checkStream
          summary: One request a line in, one verdict a line out, streamed both ways, any number of lines.
          description: |
            Each line is a bare integration request; blank lines are skipped. Each answer line is the verdict with
            `catalog_revision`, or `{"record": N, "error": {…}}` for line N that is not a request (the stream goes on).
            A line longer than 1 MiB is answered with an error. Answers are written as lines are read, and reading
            waits while the client is not reading answers, so the server's memory does not grow with the stream.
          requestBody:
            required: true
            content:
              application/x-ndjson:
                schema: {type: string}
                example: "{\"partner\": \"acme\", \"apps\": [\"com.acme.game\"]}\n"
          responses:
            "200":
              description: One line per request line, in order.
              headers: {X-Catalog-Revision: {$ref: "#/components/headers/CatalogRevision"}}
              content:
                application/x-ndjson:
                  schema: {type: string}
            "503": {$ref: "#/components/responses/NotReady"}
      /v1/classify:
        post:
          operationId: classify
          summary: Performance rows (CSV) in, classified rows (or their summary) out.
          description: |
            The body is CSV with a header holding `app_id`, `media_source`, `date` and `ad_type`, at most 1 GiB;
            every row is checked before any is written, so a bad CSV is a 400 naming the CSV line. The answer is
            streamed (chunked); should the server fail after rows were sent, it ends the connection without the
            final chunk, which HTTP clients report as an incomplete body.
          parameters:
            - {name: summary, in: query, required: false, schema: {type: string, enum: ["true", "false"]}, description: "`true`: answer the summary JSON instead of the rows."}
            - {name: duplicates, in: query, required: false, schema: {type: string, enum: [drop, mark]}, description: "Legacy duplicates: dropped (default) or kept with `duplicate=true`."}
            - {name: explain, in: query, required: false, schema: {type: string, enum: ["true", "false"]}, description: "`true`: add the `because` column."}
          requestBody:
            required: true
            content:
              text/csv:
                schema: {type: string}
                example: "app_id,media_source,date,ad_type\ncom.acme.game,acme_int,2026-11-20,video\n"
          responses:
            "200":
              description: The classified rows (`granularity` added), or with `summary=true` the summary.
              headers: {X-Catalog-Revision: {$ref: "#/components/headers/CatalogRevision"}}
              content:
                text/csv:
                  schema: {type: string}
                application/json:
                  schema: {$ref: "#/components/schemas/ClassifySummary"}
            "400": {$ref: "#/components/responses/BadInput"}
            "413": {$ref: "#/components/responses/TooLarge"}
            "503": {$ref: "#/components/responses/NotReady"}
      /v1/availability:
        get:
          operationId: availability
          summary: When data of an integration created at a time appears (SPEC 12).
          parameters:
            - name: created
              in: query
              required: true
              schema: {type: string}
              example: "2026-11-20T08:00:00Z"
              description: RFC 3339; any offset is converted to UTC.
          responses:
            "200":
              description: The timeline.
              headers: {X-Catalog-Revision: {$ref: "#/components/headers/CatalogRevision"}}
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Availability"}
            "400": {$ref: "#/components/responses/BadInput"}
            "503": {$ref: "#/components/responses/NotReady"}
      /v1/lint:
        post:
          operationId: lint
          summary: Lints partner files with the active catalog's other files as context.
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: "#/components/schemas/LintBody"}
                example: {files: {acme.yaml: "id: acme\nname: Acme Ads\n"}}
          responses:
            "200":
              description: Lint's json findings for the files given.
              headers: {X-Catalog-Revision: {$ref: "#/components/headers/CatalogRevision"}}
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Findings"}
            "400": {$ref: "#/components/responses/BadJSON"}
            "413": {$ref: "#/components/responses/TooLarge"}
            "503": {$ref: "#/components/responses/NotReady"}
      /v1/preview:
        post:
          operationId: preview
          summary: Findings, form and verdict of partner files as edited, against the active catalog.
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: "#/components/schemas/PreviewBody"}
                example:
                  files: {acme.yaml: "id: acme\nname: Acme Ads\n"}
                  request: {partner: acme, apps: [com.acme.game]}
          responses:
            "200":
              description: |
                `findings` for the files given; `form` of the first partner file given (`null` when it does not
                decode); `verdict` only when a request was given: `null` when the catalog with the files in place has
                errors (the findings say which).
              headers: {X-Catalog-Revision: {$ref: "#/components/headers/CatalogRevision"}}
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/PreviewAnswer"}
            "400": {$ref: "#/components/responses/BadJSON"}
            "413": {$ref: "#/components/responses/TooLarge"}
            "503": {$ref: "#/components/responses/NotReady"}
      /v1/diff:
        post:
          operationId: diff
          summary: What partner files as edited would change, against the active catalog (SPEC 20).
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: "#/components/schemas/LintBody"}
                example:
                  files: {acme.yaml: "id: acme\nname: Acme Ads\n"}
          responses:
            "200":
              description: |
                `partner-rules diff --format json`'s answer: for every partner, the decisions whose answer changes with
                the files in place, each with an example and its answer before (the active catalog) and after.
              headers: {X-Catalog-Revision: {$ref: "#/components/headers/CatalogRevision"}}
              content:
                application/json:
                  schema: {$ref: "diff.schema.json"}
            "400": {$ref: "#/components/responses/BadJSON"}
            "413": {$ref: "#/components/responses/TooLarge"}
            "422":
              description: The catalog with the files in place has errors, so nothing was compared; lint's json findings.
              headers: {X-Catalog-Revision: {$ref: "#/components/headers/CatalogRevision"}}
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Findings"}
            "503": {$ref: "#/components/responses/NotReady"}
      /:
        get:
          operationId: playground
          summary: The staff playground page (SPEC 15), embedded in the binary.
          responses:
            "200":
              description: The page.
              content:
                text/html:
                  schema: {type: string}
      /playground/{name}:
        get:
          operationId: playgroundFile
          summary: A file the playground page loads beside itself.
          parameters:
            - {name: name, in: path, required: true, schema: {type: string}, example: playground.js}
          responses:
            "200":
              description: The file (script, style sheet, …).
              content:
                "*/*":
                  schema: {type: string}
            "404":
              description: The playground has no such file.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
    components:
      headers:
        RequestID:
          description: The request's id, as the client sent it in `X-Request-Id` or made by the server; the logs name it.
          schema: {type: string}
        CatalogRevision:
          description: The revision of the catalog that answered.
          schema: {$ref: "#/components/schemas/Revision"}
      parameters:
        PartnerID:
          name: id
          in: path
          required: true
          description: A partner's id, alias, display name or media source, case-insensitively.
          schema: {type: string}
          example: acme
      responses:
        NotReady:
          description: No catalog is active yet (`serve --watch` started with partner files that have errors).
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
        UnknownPartner:
          description: No partner by that name; the message suggests the nearest one.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
              example: {error: {line: 1, column: 1, path: id, message: "no partner 'acmee'; did you mean 'acme'?"}}
        BadJSON:
          description: The body is not JSON of the expected shape; the error names line, column and JSON path.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
              example: {error: {line: 1, column: 13, path: partner, message: "expected a string, found a number"}}
        BadInput:
          description: A query parameter or the body is not of the expected form; the error says which and the fix.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
        TooLarge:
          description: The body is over the route's limit (1 MiB for JSON, 16 MiB or 10,000 items for a batch, 1 GiB for `/v1/classify`).
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
      schemas:
        Revision:
          type: string
          pattern: "^sha256:[0-9a-f]{64}$"
          description: "`sha256:` and the hex SHA-256 of the catalog's files (SPEC 17)."
        Error:
          type: object
          additionalProperties: false
          required: [error]
          properties:
            error:
              type: object
              additionalProperties: false
              required: [line, column, path, message]
              properties:
                line: {type: integer, minimum: 1}
                column: {type: integer, minimum: 1}
                path: {type: string, description: "The JSON path, parameter or header the error is about; empty for the whole body."}
                message: {type: string}
        Readiness:
          type: object
          additionalProperties: false
          required: [revision]
          properties:
            revision: {$ref: "#/components/schemas/Revision"}
        Reloaded:
          type: object
          additionalProperties: false
          required: [reloaded, revision]
          properties:
            reloaded: {type: boolean, const: true}
            revision: {$ref: "#/components/schemas/Revision"}
        Place:
          type: object
          additionalProperties: false
          required: [file, line, column]
          properties:
            file: {type: string}
            line: {type: integer, minimum: 1}
            column: {type: integer, minimum: 1}
        Finding:
          type: object
          additionalProperties: false
          required: [file, line, column, severity, code, message]
          properties:
            file: {type: string}
            line: {type: integer, minimum: 1}
            column: {type: integer, minimum: 1}
            severity: {type: string, enum: [error, warning]}
            code: {type: string}
            message: {type: string}
            suggestion: {type: string}
            related:
              type: array
              items: {$ref: "#/components/schemas/Place"}
            fix: {$ref: "#/components/schemas/Fix"}
        Fix:
          description: an edit that repairs the finding, proven by linting the edited file again (SPEC 18)
          type: object
          additionalProperties: false
          required: [description, edits]
          properties:
            description: {type: string}
            edits:
              type: array
              items:
                type: object
                additionalProperties: false
                required: [line, column, end_line, end_column, text]
                properties:
                  line: {type: integer, minimum: 1}
                  column: {type: integer, minimum: 1}
                  end_line: {type: integer, minimum: 1}
                  end_column: {type: integer, minimum: 1}
                  text: {type: string}
        Findings:
          type: array
          items: {$ref: "#/components/schemas/Finding"}
        PartnerSummary:
          type: object
          additionalProperties: false
          required: [id, name, media_sources, aliases, auth, per_user, credentials_mutable, credentials]
          properties:
            id: {type: string}
            name: {type: string}
            media_sources: {type: array, items: {type: string}}
            aliases: {type: array, items: {type: string}}
            auth: {type: string, enum: [credentials, oauth]}
            per_user: {type: boolean}
            credentials_mutable: {type: boolean}
            credentials: {type: array, items: {type: string}, description: The credential keys, in form order.}
        FormField:
          type: object
          additionalProperties: false
          required: [key, label, kind, required, masked, help, pattern, min_length, max_length, fallback]
          properties:
            key: {type: string}
            label: {type: string}
            kind: {type: string, enum: [email, password, token, secret, identifier, username, text]}
            required: {type: boolean}
            masked: {type: boolean, description: "The value is secret: show it masked, and it comes back as `***`."}
            help: {type: [string, "null"]}
            pattern: {type: [string, "null"]}
            min_length: {type: [integer, "null"]}
            max_length: {type: [integer, "null"]}
            placeholder: {type: string, description: "The field's first example, a value a user would really type; given only when the partner file lists examples."}
            fallback:
              oneOf:
                - type: "null"
                - type: object
                  additionalProperties: false
                  required: [key, label]
                  properties:
                    key: {type: string}
                    label: {type: string}
        PartnerForm:
          type: object
          additionalProperties: false
          required: [id, name, media_sources, aliases, auth, per_user, agency, credentials_mutable, roles, fields,
            partner_metrics, ad_types, ad_level_ad_types, supersedes, setup, notes]
          properties:
            id: {type: string}
            name: {type: string}
            media_sources: {type: array, items: {type: string}}
            aliases: {type: array, items: {type: string}}
            auth: {type: string, enum: [credentials, oauth]}
            per_user: {type: boolean}
            agency: {type: boolean}
            credentials_mutable: {type: boolean}
            roles:
              type: object
              additionalProperties: false
              required: [all_of, any_of]
              properties:
                all_of: {type: array, items: {type: string}}
                any_of: {type: array, items: {type: string}}
            fields:
              type: array
              items: {$ref: "#/components/schemas/FormField"}
            partner_metrics:
              type: object
              additionalProperties: false
              required: [required, fields]
              properties:
                required: {type: boolean}
                fields:
                  type: array
                  items: {$ref: "#/components/schemas/FormField"}
            ad_types:
              type: object
              additionalProperties: false
              required: [rule, names]
              properties:
                rule: {type: string, enum: [unsupported, supported]}
                names:
                  type: array
                  items:
                    type: object
                    additionalProperties: false
                    required: [name, aliases]
                    properties:
                      name: {type: string}
                      aliases: {type: array, items: {type: string}}
            ad_level_ad_types:
              type: array
              items: {type: string}
              description: "The ad types that stay at ad level; `[]` under `supported`, where every type not named does."
            supersedes:
              type: array
              items:
                type: object
                additionalProperties: false
                required: [media_source, name]
                properties:
                  media_source: {type: string}
                  name: {type: string}
                  introduced: {type: string, format: date}
                  deprecated: {type: string, format: date}
            setup:
              type: object
              additionalProperties: false
              required: [prerequisites, notes]
              properties:
                prerequisites: {type: array, items: {type: string}}
                notes: {type: array, items: {type: string}}
            notes:
              type: array
              items: {type: string}
              description: The guide's sentences about connections per user, credentials that can or cannot change, and agencies.
          example:
            id: acme
            name: Acme Ads
            media_sources: [acme_int]
            aliases: []
            auth: credentials
            per_user: false
            agency: true
            credentials_mutable: false
            roles: {all_of: [], any_of: []}
            fields:
              - {key: token, label: Token, kind: token, required: true, masked: true, help: null, pattern: null, min_length: null, max_length: null, fallback: null}
            partner_metrics: {required: false, fields: []}
            ad_types: {rule: unsupported, names: [{name: ctv, aliases: []}]}
            ad_level_ad_types: [ctv]
            supersedes: []
            setup: {prerequisites: [], notes: []}
            notes: ["Connections: one direct integration per app", "Credentials: to change them, delete the integration and create it again", "Agencies: transparent agencies may integrate"]
        CheckEnvelope:
          type: object
          additionalProperties: false
          required: [request]
          properties:
            request: {$ref: "integration-request.schema.json"}
            existing: {$ref: "existing-integrations.schema.json"}
            today: {type: [string, "null"], format: date}
        CheckBody:
          description: A bare integration request, or an envelope with what already exists and the day to judge by.
          anyOf:
            - {$ref: "integration-request.schema.json"}
            - {$ref: "#/components/schemas/CheckEnvelope"}
        CheckAnswer:
          description: The verdict (`verdict.schema.json`), with `catalog_revision` as its last member.
          type: object
          additionalProperties: false
          required: [valid, partner, media_source, plan, plan_because, errors, warnings, credentials, candidates,
            ad_level_only, catalog_revision]
          properties:
            valid: {$ref: "verdict.schema.json#/properties/valid"}
            partner: {$ref: "verdict.schema.json#/properties/partner"}
            media_source: {$ref: "verdict.schema.json#/properties/media_source"}
            plan: {$ref: "verdict.schema.json#/properties/plan"}
            plan_because: {$ref: "verdict.schema.json#/properties/plan_because"}
            errors: {$ref: "verdict.schema.json#/properties/errors"}
            warnings: {$ref: "verdict.schema.json#/properties/warnings"}
            credentials: {$ref: "verdict.schema.json#/properties/credentials"}
            candidates: {$ref: "verdict.schema.json#/properties/candidates"}
            ad_level_only: {$ref: "verdict.schema.json#/properties/ad_level_only"}
            catalog_revision: {$ref: "#/components/schemas/Revision"}
        CheckBatch:
          type: object
          additionalProperties: false
          required: [items]
          properties:
            common:
              description: Request members every item shares (partner, apps, credentials, …); an item's own win.
              type: [object, "null"]
            items:
              type: array
              minItems: 1
              maxItems: 10000
              items: {$ref: "#/components/schemas/CheckBatchItem"}
        CheckBatchItem:
          type: object
          additionalProperties: false
          required: [id, request]
          properties:
            id: {type: string, description: "The caller's id for the item; each id once per batch."}
            request:
              description: The request's own members, merged over `common`.
              type: [object, "null"]
            existing: {$ref: "existing-integrations.schema.json"}
            today: {type: [string, "null"], format: date}
        CheckBatchAnswer:
          type: object
          additionalProperties: false
          required: [catalog_revision, results]
          properties:
            catalog_revision: {$ref: "#/components/schemas/Revision"}
            results:
              type: array
              items:
                oneOf:
                  - type: object
                    additionalProperties: false
                    required: [id, verdict]
                    properties:
                      id: {type: string}
                      verdict: {$ref: "#/components/schemas/CheckAnswer"}
                  - type: object
                    additionalProperties: false
                    required: [id, error]
                    properties:
                      id: {type: [string, "null"], description: "`null` when the item has no id that is a string."}
                      error: {$ref: "#/components/schemas/Error/properties/error"}
        DraftFiles:
          type: object
          minProperties: 1
          description: "Partner files by name (`NAME.yaml` or `_catalog.yaml`, no folder), each the file's text."
          propertyNames: {pattern: "^[^/]+\\.yaml$"}
          additionalProperties: {type: string}
        LintBody:
          type: object
          additionalProperties: false
          required: [files]
          properties:
            files: {$ref: "#/components/schemas/DraftFiles"}
        PreviewBody:
          type: object
          additionalProperties: false
          required: [files]
          properties:
            files: {$ref: "#/components/schemas/DraftFiles"}
            request: {$ref: "integration-request.schema.json"}
            existing: {$ref: "existing-integrations.schema.json"}
            today: {type: [string, "null"], format: date}
        PreviewAnswer:
          type: object
          additionalProperties: false
          required: [findings, form]
          properties:
            findings: {$ref: "#/components/schemas/Findings"}
            form:
              oneOf:
                - type: "null"
                - {$ref: "#/components/schemas/PartnerForm"}
            verdict:
              oneOf:
                - type: "null"
                - {$ref: "verdict.schema.json"}
        Counts:
          type: object
          required: [rows, creative_rows, ad_rows, duplicates, coverage]
          properties:
            rows: {type: integer, minimum: 0}
            creative_rows: {type: integer, minimum: 0}
            ad_rows: {type: integer, minimum: 0}
            duplicates: {type: integer, minimum: 0}
            coverage: {type: number, minimum: 0, maximum: 1}
        ClassifySummary:
          type: object
          additionalProperties: false
          required: [media_sources]
          properties:
            media_sources:
              type: array
              items:
                allOf:
                  - {$ref: "#/components/schemas/Counts"}
                  - type: object
                    required: [media_source, partner, apps]
                    properties:
                      media_source: {type: string}
                      partner: {type: [string, "null"]}
                      apps:
                        type: array
                        items:
                          allOf:
                            - {$ref: "#/components/schemas/Counts"}
                            - type: object
                              required: [app_id]
                              properties:
                                app_id: {type: string}
        Availability:
          type: object
          additionalProperties: false
          required: [created, backfill_from, first_data_by, creative_pulls_per_day, performance_refresh_hours,
            next_dashboard_refresh, first_dashboard_with_data]
          properties:
            created: {type: string, format: date-time}
            backfill_from: {type: string, format: date}
            first_data_by: {type: string, format: date-time}
            creative_pulls_per_day: {type: integer}
            performance_refresh_hours: {type: integer}
            next_dashboard_refresh: {type: string, format: date-time}
            first_dashboard_with_data: {type: string, format: date-time}
          example:
            created: "2026-11-20T08:00:00Z"
            backfill_from: "2026-08-22"
            first_data_by: "2026-11-21T08:00:00Z"
            creative_pulls_per_day: 2
            performance_refresh_hours: 1
            next_dashboard_refresh: "2026-11-20T10:00:00Z"
            first_dashboard_with_data: "2026-11-21T10:00:00Z"

    """##

    static let bytes = Array(text.utf8)
}
