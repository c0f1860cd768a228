package main

import (
	"crypto/tls"
	"database/sql"
	"encoding/json"
	"encoding/xml"
	"html/template"
	"log"
	"net/http"
	"os"
	"regexp"
	"text/tabwriter"
)

func main() {
	_ = tls.Config{}
	_ = sql.Drivers()
	_ = regexp.MustCompile(`\w+`)
	_ = xml.Header
	w := tabwriter.NewWriter(os.Stdout, 0, 8, 1, ' ', 0)
	defer w.Flush()
	t := template.Must(template.New("x").Parse("<p>{{.}}</p>"))
	http.HandleFunc("/", func(rw http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(rw).Encode(map[string]bool{"ok": true})
	})
	_ = t
	log.Fatal(http.ListenAndServe(":8080", nil))
}
