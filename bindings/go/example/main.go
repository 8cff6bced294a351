// Command example logs in to an XMC server, runs a GraphQL query and logs
// out.  Usage: example BASE_URL, with the client secret in XMC_CLIENT_SECRET.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/libextapi/extapi-go"
)

func main() {
	baseURL := "https://xmc.example:8443"
	if len(os.Args) > 1 {
		baseURL = os.Args[1]
	}
	// The secret stays out of the program: the library reads it from the
	// environment variable named here.
	client, err := extapi.NewClient(extapi.Config{
		Profile:         extapi.ProfileXMC,
		BaseURL:         baseURL,
		ClientID:        "xmc-client",
		ClientSecretEnv: "XMC_CLIENT_SECRET",
		TimeoutMS:       10000,
	})
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	// The whole conversation gets 30 seconds; a call still running then
	// is cut short inside the library.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	login, err := client.Login(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("login:", login.JSON)

	result, err := client.GraphQL(ctx, "{ network { devices { ip } } }", nil)
	if err != nil {
		log.Fatal(err)
	}
	var data struct {
		Network struct {
			Devices []struct{ IP string }
		}
	}
	if err := json.Unmarshal(result.Data(), &data); err != nil {
		log.Fatal(err)
	}
	for _, device := range data.Network.Devices {
		fmt.Println("device", device.IP)
	}

	logout, err := client.Logout(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("logout:", logout.JSON)
}
