package discordtest

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
)

// maxFiles is how many files Discord takes with one message.
const maxFiles = 10

// Attachment is a file uploaded with a message in a multipart/form-data
// request, as the fake received it.
type Attachment struct {
	Field       string // the form field, e.g. "files[0]"
	Filename    string
	ContentType string
	Data        []byte
}

type formKey struct{}

// readForm handles a multipart/form-data request the way Discord does: its
// payload_json part is the message (what the rest of the fake sees as the
// body) and every part with a file name is an attachment, kept in the
// returned request's context for formFiles. Other requests come back as
// they were. A form that cannot be read leaves an empty body, which the
// fake refuses as invalid JSON.
func readForm(r *http.Request, body []byte) (*http.Request, []byte) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return r, body
	}
	var payload []byte
	var files []Attachment
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return r, nil
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return r, nil
		}
		switch {
		case part.FileName() != "":
			if len(files) == maxFiles {
				return r, nil
			}
			files = append(files, Attachment{Field: part.FormName(), Filename: part.FileName(),
				ContentType: part.Header.Get("Content-Type"), Data: data})
		case part.FormName() == "payload_json":
			payload = data
		}
	}
	if payload == nil {
		payload = []byte("{}") // Discord also takes form fields; the fake does not
	}
	return r.WithContext(context.WithValue(r.Context(), formKey{}, files)), payload
}

// formFiles returns the files readForm found in r.
func formFiles(r *http.Request) []Attachment {
	files, _ := r.Context().Value(formKey{}).([]Attachment)
	return files
}
