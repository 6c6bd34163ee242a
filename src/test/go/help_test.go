package conformance

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/vault/sdk/framework"
	"github.com/hashicorp/vault/sdk/logical"
)

// TestHelpOpenAPI sends the help requests Vault sends (`vault path-help` and
// sys/internal/specs/openapi) and parses the OpenAPI document the way Vault
// does (framework.NewOASDocumentFromMap), and also as JSON into
// framework.OASDocument.
func TestHelpOpenAPI(t *testing.T) {
	m := MountPlugin(t)

	t.Run("root", func(t *testing.T) {
		req := m.Request(logical.HelpOperation, "", map[string]any{"requestResponsePrefix": MountType})
		resp, err := m.Do(t, req)
		resp = MustOK(t, "help for the mount root", req, resp, err)
		doc := parseOAS(t, resp)
		for _, p := range []string{"/config", "/roles/{name}", "/roles/", "/creds/{name}", "/tokens/", "/tokens/{id}"} {
			if doc.Paths[p] == nil {
				t.Errorf("root OpenAPI document lacks path %q; has %v", p, oasPaths(doc))
			}
		}
		if c := doc.Paths["/creds/{name}"]; c != nil {
			if c.Get == nil {
				t.Errorf("/creds/{name} has no get (read) operation")
			}
			assertPathParam(t, "/creds/{name}", c, "name")
		}
		if r := doc.Paths["/roles/{name}"]; r != nil {
			if r.Get == nil || r.Post == nil || r.Delete == nil {
				t.Errorf("/roles/{name} should offer get, post and delete: get=%v post=%v delete=%v", r.Get != nil, r.Post != nil, r.Delete != nil)
			}
			assertPathParam(t, "/roles/{name}", r, "name")
		}
		if c := doc.Paths["/config"]; c != nil && (c.Get == nil || c.Post == nil) {
			t.Errorf("/config should offer get and post: get=%v post=%v", c.Get != nil, c.Post != nil)
		}
		for _, p := range []string{"/roles/", "/tokens/"} {
			if l := doc.Paths[p]; l != nil && (l.Get == nil || !hasListParam(l.Get)) {
				t.Errorf("%s should be a get with the list=true query parameter (Vault's LIST): %+v", p, l.Get)
			}
		}
	})

	t.Run("roles_x", func(t *testing.T) {
		req := m.Request(logical.HelpOperation, "roles/x", nil)
		resp, err := m.Do(t, req)
		resp = MustOK(t, "help for roles/x", req, resp, err)
		help, _ := resp.Data["help"].(string)
		if !strings.Contains(strings.ToLower(help), "role") {
			t.Errorf("help text for roles/x does not talk about roles: %q", help)
		}
		doc := parseOAS(t, resp)
		if doc.Paths["/roles/{name}"] == nil {
			t.Errorf("OpenAPI document for roles/x lacks /roles/{name}; has %v", oasPaths(doc))
		}
		for p := range doc.Paths {
			if strings.HasPrefix(p, "/creds") || p == "/config" {
				t.Errorf("OpenAPI document for roles/x should describe that path only, but lists %q (all: %v)", p, oasPaths(doc))
			}
		}
	})
}

// parseOAS checks the help shape and decodes data.openapi both as Vault does
// (mapstructure via NewOASDocumentFromMap) and as JSON.
func parseOAS(t *testing.T, resp *logical.Response) *framework.OASDocument {
	t.Helper()
	checkHelp(t, resp)
	raw, _ := resp.Data["openapi"].(map[string]any)
	doc, err := framework.NewOASDocumentFromMap(raw)
	if err != nil {
		t.Fatalf("Vault cannot parse the OpenAPI document (NewOASDocumentFromMap): %v", err)
	}
	b, err := json.Marshal(raw)
	if err != nil {
		t.Fatalf("OpenAPI document does not marshal to JSON: %v", err)
	}
	var viaJSON framework.OASDocument
	if err := json.Unmarshal(b, &viaJSON); err != nil {
		t.Fatalf("OpenAPI document does not decode into framework.OASDocument: %v", err)
	}
	if !strings.HasPrefix(doc.Version, "3.") || doc.Info.Title == "" {
		t.Errorf("OpenAPI document version %q / info.title %q: want 3.x and a title", doc.Version, doc.Info.Title)
	}
	if len(doc.Paths) == 0 || len(viaJSON.Paths) != len(doc.Paths) {
		t.Errorf("OpenAPI paths: %d via mapstructure, %d via JSON", len(doc.Paths), len(viaJSON.Paths))
	}
	for p := range doc.Paths {
		if !strings.HasPrefix(p, "/") {
			t.Errorf("OpenAPI path %q does not start with / (Vault prefixes the mount to it)", p)
		}
	}
	return doc
}

func oasPaths(doc *framework.OASDocument) []string {
	m := make(map[string]any, len(doc.Paths))
	for k := range doc.Paths {
		m[k] = nil
	}
	return keys(m)
}

func assertPathParam(t *testing.T, path string, item *framework.OASPathItem, name string) {
	t.Helper()
	for _, p := range item.Parameters {
		if p.Name == name && p.In == "path" && p.Required {
			return
		}
	}
	t.Errorf("%s has no required path parameter %q: %+v", path, name, item.Parameters)
}

func hasListParam(op *framework.OASOperation) bool {
	for _, p := range op.Parameters {
		if p.Name == "list" && p.In == "query" {
			return true
		}
	}
	return false
}
