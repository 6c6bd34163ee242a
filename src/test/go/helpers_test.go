package conformance

import (
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/vault/sdk/logical"
)

// checkHelp asserts the framework help shape: a non-empty "help" text and an
// OpenAPI 3 document under "openapi".
func checkHelp(t *testing.T, resp *logical.Response) {
	t.Helper()
	if resp == nil {
		t.Fatalf("help returned no response")
	}
	if h, _ := resp.Data["help"].(string); strings.TrimSpace(h) == "" {
		t.Errorf("help response has no \"help\" text: %v", resp.Data)
	}
	doc, ok := resp.Data["openapi"].(map[string]any)
	if !ok {
		t.Fatalf("help response has no \"openapi\" object (Vault's OpenAPI endpoint skips or breaks on that): %T", resp.Data["openapi"])
	}
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.") {
		t.Errorf("openapi version field = %v, want 3.x", doc["openapi"])
	}
	if _, ok := doc["info"].(map[string]any); !ok {
		t.Errorf("openapi document has no info object")
	}
}

func openAPIPaths(t *testing.T, resp *logical.Response) map[string]any {
	t.Helper()
	doc, _ := resp.Data["openapi"].(map[string]any)
	paths, ok := doc["paths"].(map[string]any)
	if !ok {
		t.Fatalf("openapi document has no paths object: %v", doc)
	}
	return paths
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func anyKeyContains(m map[string]any, sub string) bool {
	for k := range m {
		if strings.Contains(k, sub) {
			return true
		}
	}
	return false
}

func containsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}
