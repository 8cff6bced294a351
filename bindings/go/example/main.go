// Command example logs in to an XMC server, runs a GraphQL query and logs
// out.  Usage: example BASE_URL, with the client secret in XMC_CLIENT_SECRET.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"os"

	"extapi"
)

func main() {
	baseURL := "https://xmc.example:8443"
	if len(os.Args) > 1 {
		baseURL = os.Args[1]
	}
	// The secret stays out of the program: the library reads it from the
	// environment variable named here.
	client, err := extapi.NewClient(map[string]string{
		"profile":           "xmc",
		"base_url":          baseURL,
		"client_id":         "xmc-client",
		"client_secret_env": "XMC_CLIENT_SECRET",
	})
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	login, err := client.Login()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("login:", login.JSON)

	result, err := client.GraphQL("{ network { devices { ip } } }", nil)
	if err != nil {
		log.Fatal(err)
	}
	var data struct {
		Network struct {
			Devices []struct{ IP string }
		}
	}
	if err := json.Unmarshal(result.Data, &data); err != nil {
		log.Fatal(err)
	}
	for _, device := range data.Network.Devices {
		fmt.Println("device", device.IP)
	}

	logout, err := client.Logout()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("logout:", logout.JSON)
}
