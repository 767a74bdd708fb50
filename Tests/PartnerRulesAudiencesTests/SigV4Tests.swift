import PartnerRules
import PartnerRulesAudiences
import Testing

/// Signatures checked against AWS's published examples and against botocore, the reference implementation.
@Suite struct SigV4Tests {
    let exampleCredentials = AWSCredentials(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    let sessionCredentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret/key+example", sessionToken: "session/token=")
    /// 2013-05-24T00:00:00Z.
    let time = AWSTimestamp(secondsSince1970: 1_369_353_600)

    func query(_ request: SignableRequest, _ name: String) -> String? {
        request.query.first { $0.0 == name }?.1
    }

    @Test func timestamps() {
        #expect(time.text == "20130524T000000Z")
        #expect(AWSTimestamp(secondsSince1970: 951_825_599).text == "20000229T115959Z")
        #expect(AWSTimestamp(secondsSince1970: 0).day == "19700101")
    }

    @Test func headerSigningMatchesTheAWSExample() {
        let signer = SigV4(credentials: exampleCredentials, region: "us-east-1")
        let request = SignableRequest(
            method: "GET", scheme: "https", host: "examplebucket.s3.amazonaws.com", path: "/test.txt",
            headers: [("Range", "bytes=0-9")])
        let headers = signer.signedHeaders(for: request, payloadHash: SigV4.emptyPayloadHash, at: time)
        #expect(headers.last?.1 == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test func querySigningMatchesTheAWSExample() {
        let signer = SigV4(credentials: exampleCredentials, region: "us-east-1")
        let request = SignableRequest(method: "GET", scheme: "https", host: "examplebucket.s3.amazonaws.com", path: "/test.txt")
        let signed = signer.presigned(request, expires: 86_400, at: time)
        #expect(query(signed, "X-Amz-Signature") == "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }

    @Test func querySigningWithASessionTokenMatchesBotocore() {
        let signer = SigV4(credentials: sessionCredentials, region: "eu-west-1")
        let request = SignableRequest(
            method: "GET", scheme: "http", host: "127.0.0.1:5000", path: "/bucket/pk-1/c0ntainer/advertiser_id_sha256.csv")
        let signed = signer.presigned(request, expires: 7200, at: time)
        #expect(query(signed, "X-Amz-Signature") == "9a6e974b1d369ade9860fffdd15f2b7bb122be26b819925703a992295eb24fd7")
        #expect(signed.url.contains("X-Amz-Security-Token=session%2Ftoken%3D"))
    }

    @Test func headerSigningWithEncodedPathAndQueryMatchesBotocore() {
        let signer = SigV4(credentials: sessionCredentials, region: "eu-west-1")
        let request = SignableRequest(
            method: "PUT", scheme: "http", host: "127.0.0.1:5000", path: "/bucket/a key.csv",
            query: [("uploadId", "abc/def"), ("partNumber", "2")])
        let headers = signer.signedHeaders(for: request, payloadHash: SigV4.emptyPayloadHash, at: time)
        #expect(headers.last?.1.hasSuffix("Signature=469d968bc5dec98562bf5cd2141b712bd0af7f46202fe485034181410b4fd5a5") == true)
        #expect(request.url == "http://127.0.0.1:5000/bucket/a%20key.csv?partNumber=2&uploadId=abc%2Fdef")
    }

    @Test func credentialsNeverPrintTheSecret() throws {
        let credentials = try AWSCredentials(environment: [
            "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "very-secret", "AWS_SESSION_TOKEN": "tok",
        ])
        #expect(!"\(credentials)".contains("very-secret"))
        #expect(!String(reflecting: credentials).contains("tok\""))
        #expect(throws: DeliveryError.missingEnvironment("AWS_SECRET_ACCESS_KEY")) {
            try AWSCredentials(environment: ["AWS_ACCESS_KEY_ID": "AKID"])
        }
    }
}
