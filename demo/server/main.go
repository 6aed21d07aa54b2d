package main

import (
	"log"
	"net/http"
	"time"
)

// TODO(marco): graceful shutdown on SIGTERM before the next release !high #ops
func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok"))
	})
	srv := &http.Server{
		Addr:    ":8080",
		Handler: mux,
		// FIXME: 5s is too short for report downloads, make it configurable #ops
		WriteTimeout: 5 * time.Second,
	}
	log.Fatal(srv.ListenAndServe())
}
